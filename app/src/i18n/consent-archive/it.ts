import type { Translation } from "../translation";
import type { consentArchiveTexts as english } from "./en";

export const consentArchiveTexts: Pick<Translation, keyof typeof english> = {
  consentArchive: {
    show: "Testo accettato",
    loading: "Caricamento del testo…",
    language: "Mostrato in {{language}}",
    period: "In vigore dal {{from}} al {{until}}",
    periodOpen: "In vigore dal {{from}}",
    periodBefore: "In vigore fino al {{until}}, da prima dell’inizio dell’archivio",
    periodBeforeOpen: "In vigore da prima dell’inizio dell’archivio",
    fromWidget: "Abbinato tramite il suo hash al testo attuale del widget (accettato prima dell’inizio dell’archivio).",
    fromBuiltIn: "Abbinato tramite il suo hash all’informativa predefinita (accettato prima dell’inizio dell’archivio).",
    missing: "Il testo esatto non è conservato: è stato accettato prima dell’inizio dell’archivio ed è cambiato da allora.",
  },
};
