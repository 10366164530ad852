import type { Translation } from "../translation";
import type { verifiedTexts as english } from "./en";

export const verifiedTexts: Pick<Translation, keyof typeof english> = {
  verified: {
    badge: "Verificato",
    title: "Verificato dal tuo sito come utente {{userId}}",
    userId: "ID utente verificato",
    related: "Altre conversazioni di questo visitatore",
    noRelated: "Nessun'altra conversazione di questo visitatore che puoi leggere.",
  },
  widgetIdentity: {
    heading: "Visitatori verificati",
    enabled: "Fidati di un ID utente del mio sito quando il suo hash è valido (data-user-id, data-user-hash)",
    hint: "Il tuo server calcola l'HMAC-SHA256 dell'ID utente con la chiave di questo widget. Un hash errato o assente viene ignorato: il visitatore chatta senza verifica. Vale anche in modalità privacy; l'ID è conservato cifrato con la conversazione.",
    secret: "Chiave",
    noSecret: "Attiva la verifica e salva per creare la chiave di questo widget.",
    reveal: "Mostra chiave",
    hide: "Nascondi chiave",
    copy: "Copia",
    copied: "Copiato",
    rotate: "Rinnova chiave",
    rotateConfirm:
      "Creare una nuova chiave? Ogni hash fatto con quella attuale smette subito di essere valido: quei visitatori chattano senza verifica finché il tuo server non usa la nuova chiave.",
    rotated: "È attiva una nuova chiave. Aggiornala sul tuo server.",
  },
};
