import type { Translation } from "../translation";
import type { routerTexts as english } from "./en";

export const routerTexts: Pick<Translation, keyof typeof english> = {
  router: {
    heading: "router",
  },
  apiTokens: {
    heading: "apiTokens",
  },
};
