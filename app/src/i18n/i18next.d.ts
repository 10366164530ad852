import type { en } from "./en";

// Typed keys: `t("nav.inbox")` compiles, a misspelt key does not. English is the reference.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}
