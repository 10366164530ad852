import type { Translation } from "../translation";
import type { consentArchiveTexts as english } from "./en";

export const consentArchiveTexts: Pick<Translation, keyof typeof english> = {
  consentArchive: {
    show: "Texte accepté",
    loading: "Chargement du texte…",
    language: "Affiché en {{language}}",
    period: "En vigueur du {{from}} au {{until}}",
    periodOpen: "En vigueur depuis le {{from}}",
    periodBefore: "En vigueur jusqu’au {{until}}, depuis avant le début de l’archive",
    periodBeforeOpen: "En vigueur depuis avant le début de l’archive",
    fromWidget: "Rapproché par son empreinte du texte actuel du widget (accepté avant le début de l’archive).",
    fromBuiltIn: "Rapproché par son empreinte de l’information intégrée (accepté avant le début de l’archive).",
    missing: "Le texte exact n’est pas conservé : il a été accepté avant le début de l’archive et a changé depuis.",
  },
};
