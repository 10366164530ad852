import type { Translation } from "../translation";
import type { settingsTexts as english } from "./en";

export const settingsTexts: Pick<Translation, keyof typeof english> = {
  widgets: {
    heading: "Widget",
    intro: "Ogni widget è una chat sui tuoi siti, con impostazioni di privacy, testi e aspetto propri. Selezionane uno per modificarlo.",
    unsaved: "Modifiche non salvate",
    discard: "Annulla le modifiche",
    editing: "Widget «{{name}}»",
    list: {
      heading: "I tuoi widget",
      empty: "Ancora nessun widget.",
      privacyMode: "Modalità privacy",
      edited: "Modificato",
    },
    add: {
      heading: "Nuovo widget",
      intro:
        "Un nuovo widget parte in modalità privacy e chiede il consenso ai visitatori. Poi aggiungi il tuo sito alle origini consentite.",
      name: "Nome del nuovo widget",
      department: "Reparto del nuovo widget",
      departmentFallback: "Il tuo ruolo non può elencare i reparti, quindi il nuovo widget va nel reparto del widget selezionato.",
      noDepartments: "Non c’è nessun reparto a cui tu possa aggiungere un widget.",
      noDepartmentKnown:
        "Il tuo ruolo non può elencare i reparti e nessun widget esistente ne indica uno, quindi qui non si può aggiungere un widget.",
      submit: "Aggiungi widget",
    },
    embed: {
      heading: "Inseriscilo nel tuo sito",
      code: "Codice di incorporamento",
      hint: "Incolla questo codice in ogni pagina che deve offrire la chat (chiave del sito {{siteKey}}). L’origine del sito deve essere tra le origini consentite qui sotto. Il launcher non imposta cookie e non carica nient’altro finché un visitatore non lo clicca.",
      copy: "Copia",
      copied: "Copiato",
      selected: "Non è stato possibile copiare. Il codice è selezionato: premi Ctrl+C (⌘C su Mac) per copiarlo.",
    },
    texts: {
      none: "Nessun testo aggiunto: in tutte le lingue si usa il testo predefinito.",
      builtIn: "Vuoto: il testo predefinito",
    },
    groups: {
      general: "Generale",
      privacy: "Privacy e conservazione",
      consent: "Consenso e informativa sulla privacy",
      preChat: "Prima della chat",
      appearance: "Aspetto",
    },
    name: "Nome",
    nameHint: "Mostrato ai visitatori in cima alla chat.",
    department: "Reparto",
    departmentHint: "Il reparto i cui operatori rispondono alle chat di questo widget.",
    departmentUnknown: "Il tuo ruolo non può elencare i reparti, quindi il reparto è indicato con il suo ID e non si può cambiare qui.",
    privacy: {
      privacyMode: "Modalità privacy",
      privacyModeOn:
        "Attiva: non si conservano indirizzo IP, User-Agent, referrer né pagine visitate, e l’anteprima dal vivo e la ricerca dell’identità non sono attive. Si conserva solo la chat.",
      privacyModeOff:
        "Disattivata: per ogni chat si conservano, cifrati, l’indirizzo IP, lo User-Agent, il referrer e le pagine visitate dal visitatore, visibili agli operatori. Attivala per conservare solo la chat.",
      turningOff:
        "Senza la modalità privacy, per ogni nuova chat si conservano più dati personali. Verifica che la tua informativa sulla privacy lo preveda.",
      livePreview: "Anteprima dal vivo",
      livePreviewHint:
        "Gli operatori vedono ciò che i visitatori scrivono prima che lo inviino. Disattivata: escono dal browser del visitatore solo i messaggi che sceglie di inviare.",
      livePreviewForced:
        "Non è attiva in modalità privacy. Impostazione salvata: {{saved}}; torna a valere se disattivi la modalità privacy.",
      identityLookup: "Ricerca dell’identità",
      identityLookupHint:
        "Mostra agli operatori l’immagine pubblica Gravatar del visitatore, trovata tramite il suo indirizzo email: i browser degli operatori la chiedono a Gravatar con un hash di quell’indirizzo.",
      identityLookupForced:
        "Non è attiva in modalità privacy. Impostazione salvata: {{saved}}; torna a valere se disattivi la modalità privacy.",
      on: "attiva",
      off: "disattivata",
      appliesToNewChats:
        "Queste opzioni valgono per le chat che iniziano dopo il salvataggio; le chat in corso mantengono le impostazioni con cui sono iniziate.",
    },
    retention: {
      label: "Conservazione",
      hint: "Per quanto tempo si conservano le chat terminate dopo l’ultimo messaggio. La pulizia avviene ogni ora e cancella definitivamente le chat più vecchie, con tutto ciò che le riguarda. La scelta di questo widget prevale su quella predefinita dell’account.",
      account: "Quella predefinita dell’account",
      accountKept: "Quella predefinita dell’account (conserva finché non vengono cancellate)",
      accountMonths_one: "Quella predefinita dell’account ({{count, number}} mese)",
      accountMonths_other: "Quella predefinita dell’account ({{count, number}} mesi)",
      off: "Conserva finché non vengono cancellate",
      months: "Cancella dopo un certo numero di mesi",
      monthsLabel: "Mesi dopo l’ultimo messaggio",
      monthsHint: "Un numero intero da {{min}} a {{max}}.",
      erasesMore_one:
        "Dopo il salvataggio, le chat terminate di questo widget il cui ultimo messaggio risale a più di {{count, number}} mese fa vengono cancellate definitivamente entro un’ora. Non si può annullare.",
      erasesMore_other:
        "Dopo il salvataggio, le chat terminate di questo widget il cui ultimo messaggio risale a più di {{count, number}} mesi fa vengono cancellate definitivamente entro un’ora. Non si può annullare.",
      foreverWarning:
        "Le chat saranno conservate finché qualcuno non le elimina. Il GDPR chiede di non conservare i dati personali più a lungo del necessario: scegli questa opzione solo per un motivo che sai spiegare. La modifica viene registrata nel registro di audit.",
      foreverConfirm: "Sì, conserva le chat finché non vengono eliminate",
    },
    consent: {
      enabled: "Mostra l’avviso sulla privacy e chiedi il consenso",
      enabledHint:
        "Prima che la chat inizi, i visitatori leggono l’avviso e spuntano una casella non preselezionata. La ricevuta del consenso conserva un hash del testo esatto mostrato e la sua lingua.",
      disabledHint: "Disattivata: nessun avviso e nessun consenso. Fallo solo se hai un’altra base giuridica per la chat.",
      texts: "Testi dell’avviso sulla privacy",
      textsHint:
        "Il tuo avviso in alcune lingue; tutte le altre mostrano quello predefinito. Chi ha aperto la chat prima di una modifica deve leggere il nuovo testo.",
      textIn: "Avviso sulla privacy in {{language}}",
      addLanguage: "Lingua di un nuovo avviso",
      remove: "Rimuovi l’avviso ({{language}})",
      add: "Aggiungi testo dell’avviso",
    },
    policy: {
      url: "URL dell’informativa sulla privacy",
      urlHint: "Un indirizzo https://, sempre mostrato come link nel widget. Lascialo vuoto per non mostrare alcun link.",
      labels: "Testi del link all’informativa",
      labelsHint: "Il testo del link per lingua; nelle altre lingue è «Informativa sulla privacy» nella lingua del visitatore.",
      labelIn: "Testo del link in {{language}}",
      addLanguage: "Lingua di un nuovo testo del link",
      add: "Aggiungi testo del link",
      remove: "Rimuovi il testo del link ({{language}})",
    },
    preChat: {
      intro: "Chiedi solo ciò che ti serve per aiutare: tutto ciò che chiedi viene conservato, cifrato, insieme alla chat.",
      hidden: "Non richiesto",
      optional: "Facoltativo",
      required: "Obbligatorio",
      name: "Nome del visitatore",
      email: "Email del visitatore",
      emailHint: "Ti permette di trovare le chat di questo visitatore quando chiede l’accesso ai suoi dati o la loro cancellazione.",
    },
    origins: {
      label: "Origini consentite",
      hint: "I siti che possono mostrare questo widget, ciascuno come schema e host, ad esempio https://www.example.com (senza percorso né barra finale). Le pagine di qualsiasi altro sito vengono rifiutate.",
      none: "Ancora nessuna origine: il widget non si apre su nessun sito.",
      row: "Origine consentita {{number}}",
      add: "Aggiungi origine",
      useSuggestion: "Usa {{suggestion}}",
      remove: "Rimuovi origine {{number}}",
    },
    appearance: {
      greeting: "Messaggio di benvenuto",
      greetingHint: "Il primo messaggio che i visitatori vedono. Vuoto: nessun benvenuto.",
      greetings: "Benvenuto in altre lingue",
      greetingsHint: "I visitatori il cui widget parla una di queste lingue vedono questo benvenuto; tutti gli altri quello sopra.",
      greetingIn: "Benvenuto in {{language}}",
      removeGreeting: "Rimuovi il benvenuto in {{language}}",
      addGreeting: "Aggiungi benvenuto",
      titles: "Titolo per lingua",
      titlesHint: "L'intestazione della finestra; nelle lingue senza titolo, il nome del widget.",
      titleIn: "Titolo in {{language}}",
      removeTitle: "Rimuovi il titolo in {{language}}",
      addTitle: "Aggiungi titolo",
      accentColour: "Colore principale",
      colourPicker: "Selettore di colore",
      accentColourHint: "Un colore come #1f4fd1, per il launcher e i pulsanti della chat.",
      position: "Posizione del launcher",
      right: "In basso a destra",
      left: "In basso a sinistra",
      operatorNames: "Nomi degli operatori mostrati ai visitatori",
      alias: "Alias e avatar (il nome reale se manca l’alias)",
      none: "Solo «Operatore»",
      operatorNamesHint: "Con «Solo Operatore» i visitatori non vedono nomi né immagini del tuo team.",
    },
    problems: {
      summary_one: "Prima di salvare, correggi {{count, number}} punto:",
      summary_other: "Prima di salvare, correggi {{count, number}} punti:",
      nameRequired: "Dai un nome al widget.",
      invalidOrigin: "«{{value}}» non è un’origine: indica schema e host, ad esempio https://www.example.com.",
      invalidOriginSuggest: "«{{value}}» non è un’origine: un’origine non ha percorso né barra finale. Intendevi {{suggestion}}?",
      duplicateOrigin: "«{{value}}» è già nell’elenco.",
      tooManyOrigins: "Un widget può avere al massimo {{max}} origini consentite.",
      invalidUrl:
        "L'URL dell'informativa sulla privacy deve essere un indirizzo completo che inizia con https:// (http:// solo per localhost o 127.0.0.1).",
      labelsWithoutUrl: "I testi del link richiedono l’URL dell’informativa sulla privacy. Aggiungilo o rimuovi i testi del link.",
      monthsRange: "La conservazione è un numero intero di mesi da 1 a 36.",
      invalidColour: "Scrivi il colore come # seguito da sei cifre esadecimali, ad esempio #1f4fd1.",
      foreverUnconfirmed: "Conferma che le chat vanno conservate finché non vengono eliminate, oppure scegli un numero di mesi.",
    },
  },
  email: {
    heading: "Email",
    configured: "Le email partono tramite {{host}}:{{port}} ({{security}}) da {{from}}.",
    off: "L’email è disattivata: nessun server SMTP è configurato. Risposte via email, trascrizioni e avvisi non vengono inviati.",
    problem: "La configurazione email non è utilizzabile: {{problem}}",
    counts: "In attesa: {{pending}} · Non riuscite: {{failed}}",
    recent: "Ultimi tentativi di consegna (qui non si conservano destinatari né contenuti)",
    kind: "Tipo",
    status: "Stato",
    lastAttempt: "Ultimo tentativo",
    attempts: "Tentativi",
    error: "Errore",
    retryNow: "Invia di nuovo ora le email non riuscite",
    retried_one: "{{count}} email rimessa in coda.",
    retried_other: "{{count}} email rimesse in coda.",
    kinds: {
      visitor_reply: "Risposta a un visitatore",
      transcript: "Trascrizione",
      offline_alert: "Avviso: nuovo messaggio",
      unanswered_alert: "Avviso: chat senza risposta",
    },
    statuses: {
      pending: "In attesa",
      failed: "Non riuscita",
    },
  },
  account: {
    requireTwoFactor: "Richiedi l’accesso in due passaggi a ogni operatore",
    requireTwoFactorHint: "Gli operatori senza secondo fattore lo configurano al prossimo accesso, prima di ogni altra cosa.",
    heading: "Account e conservazione",
    intro:
      "Impostazioni dell’intero account: il nome, per quanto tempo si conservano le chat e come le statistiche mostrano gli operatori.",
    needsAllDepartments:
      "Queste impostazioni riguardano tutti i reparti, quindi per modificarle serve un ruolo che li copra tutti. Puoi comunque consultarle.",
    groups: {
      general: "Account",
      retention: "Conservazione",
      analytics: "Statistiche",
      signIn: "Accesso",
    },
    name: "Nome dell’account",
    nameHint: "Mostrato al tuo team nell’app.",
    nameRequired: "Dai un nome all’account.",
    retention: "Conservazione predefinita",
    retentionOff: "Conserva finché non vengono cancellate",
    retentionMonths: "Cancella dopo un certo numero di mesi",
    retentionIntro: "Conservare le chat solo per il tempo necessario è un obbligo del GDPR (limitazione della conservazione).",
    retentionHint:
      "Vale per ogni widget che usa l’impostazione predefinita dell’account; la conservazione propria di un widget prevale. Ogni ora, le chat terminate il cui ultimo messaggio è più vecchio vengono cancellate definitivamente, con tutto ciò che le riguarda.",
    erasesMore_one:
      "Dopo il salvataggio, le chat terminate il cui ultimo messaggio risale a più di {{count, number}} mese fa vengono cancellate definitivamente entro un’ora, in ogni widget che usa l’impostazione predefinita dell’account. Non si può annullare.",
    erasesMore_other:
      "Dopo il salvataggio, le chat terminate il cui ultimo messaggio risale a più di {{count, number}} mesi fa vengono cancellate definitivamente entro un’ora, in ogni widget che usa l’impostazione predefinita dell’account. Non si può annullare.",
    backups:
      "I backup conservano le chat cancellate per un massimo di 30 giorni; se un backup viene ripristinato, la cancellazione viene applicata di nuovo.",
    pseudonymousAnalytics: "Statistiche pseudonime",
    pseudonymousAnalyticsHint:
      "Nelle statistiche gli operatori compaiono a tutti con pseudonimi stabili, qualunque cosa consenta il ruolo di chi le consulta, così nessuno viene valutato per nome.",
  },
};
