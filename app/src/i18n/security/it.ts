import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Accesso e sicurezza",
    intro: "Come accedi a Confide e dove hai effettuato l’accesso. Queste impostazioni sono solo tue; nessun altro può vedere la tua password o il tuo secondo fattore.",
    sessions: {
      heading: "Dove hai effettuato l’accesso",
      intro: "Ogni browser in cui hai effettuato l’accesso ha una sessione. Termina quando esci, dopo 30 minuti senza alcuna tua azione (una scheda aperta da sola non conta) e al più tardi 12 ore dopo l’accesso. Chiudi ogni sessione che non riconosci: quel browser torna subito all’accesso.",
      loading: "Caricamento delle sessioni…",
      caption: "Le tue sessioni attive",
      device: "Browser e sistema",
      created: "Accesso",
      lastActive: "Ultima attività",
      actions: "Azioni",
      thisDevice: "questo dispositivo",
      unknownDevice: "Browser sconosciuto",
      end: "Chiudi sessione",
      endOthers: "Chiudi tutte le altre sessioni",
      ended: "La sessione in {{device}} è stata chiusa.",
      endedOthers_one: "{{count}} altra sessione è stata chiusa.",
      endedOthers_many: "Altre {{count}} sessioni sono state chiuse.",
      endedOthers_other: "Altre {{count}} sessioni sono state chiuse.",
      onlyThis: "Hai effettuato l’accesso solo in questo browser.",
    },
  },
};
