import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Accesso e sicurezza",
    intro: "Come accedi a Confide e dove hai effettuato l’accesso. Queste impostazioni sono solo tue; nessun altro può vedere la tua password o il tuo secondo fattore.",
    password: {
      heading: "Password",
      intro: "Cambiare la password ti disconnette ovunque altrove e revoca i tuoi token API. Questo browser resta connesso.",
      current: "Password attuale",
      new: "Nuova password",
      newHint: "Almeno {{count}} caratteri.",
      confirm: "Ripeti la nuova password",
      submit: "Cambia password",
      saving: "Modifica in corso…",
      changed: "La tua password è cambiata. Le altre sessioni sono state chiuse e i tuoi token API revocati; qui resti connesso.",
      currentRequired: "Inserisci la password attuale.",
      tooShort_one: "La nuova password deve avere almeno {{count}} carattere.",
      tooShort_other: "La nuova password deve avere almeno {{count}} caratteri.",
      mismatch: "Le due nuove password non coincidono.",
    },
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
