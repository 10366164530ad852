import type { Translation } from "../translation";
import type { consentArchiveTexts as english } from "./en";

export const consentArchiveTexts: Pick<Translation, keyof typeof english> = {
  consentArchive: {
    show: "Texto aceptado",
    loading: "Cargando el texto…",
    language: "Mostrado en {{language}}",
    period: "En vigor del {{from}} al {{until}}",
    periodOpen: "En vigor desde el {{from}}",
    periodBefore: "En vigor hasta el {{until}}, desde antes de iniciarse el archivo",
    periodBeforeOpen: "En vigor desde antes de iniciarse el archivo",
    fromWidget: "Identificado por su hash con el texto actual del widget (aceptado antes de iniciarse el archivo).",
    fromBuiltIn: "Identificado por su hash con el aviso integrado (aceptado antes de iniciarse el archivo).",
    missing: "No se conserva el texto exacto: se aceptó antes de iniciarse el archivo y ha cambiado desde entonces.",
  },
};
