import type { en } from "./en";

/** For every plural key `x_other`, an optional `x_many`: the form French, Italian and Spanish use for millions. */
type ManyForms<T> = { [K in keyof T as K extends `${infer Base}_other` ? `${Base}_many` : never]?: string };

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & ManyForms<T>;

/** The resources of one language: the keys of English, each a string. */
export type Translation = Shape<typeof en>;
