import type { Translation } from "../translation";
import type { settingsTexts as english } from "./en";

export const settingsTexts: Pick<Translation, keyof typeof english> = {
  widgets: {
    heading: "widgets",
  },
  account: {
    heading: "account",
  },
};
