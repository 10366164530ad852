import type { Translation } from "../translation";
import type { governanceTexts as english } from "./en";

export const governanceTexts: Pick<Translation, keyof typeof english> = {
  auditLog: {
    heading: "auditLog",
  },
  analytics: {
    heading: "analytics",
  },
};
