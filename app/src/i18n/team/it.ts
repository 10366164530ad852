import type { Translation } from "../translation";
import type { teamTexts as english } from "./en";

export const teamTexts: Pick<Translation, keyof typeof english> = {
  team: {
    heading: "team",
  },
};
