import type { Translation } from "../translation";
import type { consentArchiveTexts as english } from "./en";

export const consentArchiveTexts: Pick<Translation, keyof typeof english> = {
  consentArchive: {
    show: "Zugestimmter Text",
    loading: "Text wird geladen…",
    language: "Angezeigt auf {{language}}",
    period: "Gültig von {{from}} bis {{until}}",
    periodOpen: "Gültig seit {{from}}",
    periodBefore: "Gültig bis {{until}}, seit vor Beginn des Archivs",
    periodBeforeOpen: "Gültig seit vor Beginn des Archivs",
    fromWidget: "Über seinen Hash dem aktuellen Text des Widgets zugeordnet (zugestimmt vor Beginn des Archivs).",
    fromBuiltIn: "Über seinen Hash dem eingebauten Hinweis zugeordnet (zugestimmt vor Beginn des Archivs).",
    missing: "Der genaue Text liegt nicht vor: Die Zustimmung erfolgte vor Beginn des Archivs, und der Text wurde seither geändert.",
  },
};
