import type { Translation } from "../translation";
import type { settingsTexts as english } from "./en";

export const settingsTexts: Pick<Translation, keyof typeof english> = {
  widgets: {
    heading: "Widgets",
    intro:
      "Jedes Widget ist ein Chat auf Ihren Websites, mit eigenen Datenschutzeinstellungen, Texten und eigenem Aussehen. Wählen Sie eines aus, um es zu ändern.",
    unsaved: "Ungespeicherte Änderungen",
    discard: "Änderungen verwerfen",
    editing: "Widget „{{name}}“",
    list: {
      heading: "Ihre Widgets",
      empty: "Noch keine Widgets.",
      privacyMode: "Datenschutzmodus",
      edited: "Bearbeitet",
    },
    add: {
      heading: "Neues Widget",
      intro:
        "Ein neues Widget startet im Datenschutzmodus und bittet Besucher um ihre Einwilligung. Tragen Sie danach Ihre Website bei den erlaubten Origins ein.",
      name: "Name des neuen Widgets",
      department: "Abteilung des neuen Widgets",
      departmentFallback:
        "Ihre Rolle kann keine Abteilungen auflisten. Das neue Widget kommt deshalb in die Abteilung des ausgewählten Widgets.",
      noDepartments: "Es gibt keine Abteilung, der Sie ein Widget hinzufügen könnten.",
      noDepartmentKnown:
        "Ihre Rolle kann keine Abteilungen auflisten, und kein vorhandenes Widget nennt eine. Hier lässt sich deshalb kein Widget hinzufügen.",
      submit: "Widget hinzufügen",
    },
    embed: {
      heading: "Auf Ihrer Website einbinden",
      code: "Einbettungscode",
      hint: "Fügen Sie diesen Code in jede Seite ein, die den Chat anbieten soll (Site-Key {{siteKey}}). Der Origin der Website muss unten bei den erlaubten Origins stehen. Der Launcher setzt kein Cookie und lädt nichts weiter, bis ein Besucher ihn anklickt.",
      copy: "Kopieren",
      copied: "Kopiert",
      selected: "Kopieren war nicht möglich. Der Code ist markiert: Drücken Sie Strg+C (⌘C auf dem Mac), um ihn zu kopieren.",
    },
    texts: {
      none: "Keine eigenen Texte: In allen Sprachen gilt der eingebaute Text.",
      builtIn: "Leer: der eingebaute Text",
    },
    groups: {
      general: "Allgemein",
      privacy: "Datenschutz und Aufbewahrung",
      consent: "Einwilligung und Datenschutzerklärung",
      preChat: "Vor dem Chat",
      appearance: "Aussehen",
    },
    name: "Name",
    nameHint: "Wird Besuchern oben im Chat angezeigt.",
    department: "Abteilung",
    departmentHint: "Die Abteilung, deren Mitarbeitende die Chats dieses Widgets beantworten.",
    departmentUnknown:
      "Ihre Rolle kann keine Abteilungen auflisten. Die Abteilung wird deshalb mit ihrer ID angezeigt und lässt sich hier nicht ändern.",
    privacy: {
      privacyMode: "Datenschutzmodus",
      privacyModeOn:
        "An: Weder IP-Adresse noch User-Agent, Referrer oder Seitenaufrufe werden gespeichert, und Live-Vorschau und Identitätsabgleich laufen nicht. Gespeichert wird nur der Chat selbst.",
      privacyModeOff:
        "Aus: Zu jedem Chat werden IP-Adresse, User-Agent, Referrer und besuchte Seiten des Besuchers verschlüsselt gespeichert und den Mitarbeitenden angezeigt. Schalten Sie ihn ein, um nur den Chat selbst zu speichern.",
      turningOff:
        "Ohne Datenschutzmodus werden zu jedem neuen Chat mehr personenbezogene Daten gespeichert. Achten Sie darauf, dass Ihre Datenschutzerklärung das abdeckt.",
      livePreview: "Live-Vorschau",
      livePreviewHint:
        "Mitarbeitende sehen, was Besucher tippen, bevor sie es senden. Aus: Nur Nachrichten, die der Besucher absendet, verlassen seinen Browser.",
      livePreviewForced:
        "Läuft im Datenschutzmodus nicht. Gespeicherte Einstellung: {{saved}}; sie gilt wieder, sobald der Datenschutzmodus ausgeschaltet wird.",
      identityLookup: "Identitätsabgleich",
      identityLookupHint:
        "Zeigt Mitarbeitenden das öffentliche Gravatar-Bild des Besuchers, gefunden über seine E-Mail-Adresse: Die Browser der Mitarbeitenden rufen es mit einem Hash dieser Adresse bei Gravatar ab.",
      identityLookupForced:
        "Läuft im Datenschutzmodus nicht. Gespeicherte Einstellung: {{saved}}; sie gilt wieder, sobald der Datenschutzmodus ausgeschaltet wird.",
      on: "an",
      off: "aus",
      appliesToNewChats:
        "Diese Schalter gelten für Chats, die nach dem Speichern beginnen; laufende Chats behalten die Einstellungen, mit denen sie begonnen haben.",
    },
    retention: {
      label: "Aufbewahrung",
      hint: "Wie lange beendete Chats nach ihrer letzten Nachricht aufbewahrt werden. Die Bereinigung läuft stündlich und löscht ältere Chats endgültig, samt allem, was zu ihnen gespeichert ist. Die Einstellung dieses Widgets hat Vorrang vor der Vorgabe des Kontos.",
      account: "Vorgabe des Kontos",
      accountKept: "Vorgabe des Kontos (bis zur Löschung aufbewahren)",
      accountMonths_one: "Vorgabe des Kontos ({{count, number}} Monat)",
      accountMonths_other: "Vorgabe des Kontos ({{count, number}} Monate)",
      off: "Bis zur Löschung aufbewahren",
      months: "Nach einigen Monaten löschen",
      monthsLabel: "Monate nach der letzten Nachricht",
      monthsHint: "Eine ganze Zahl von {{min}} bis {{max}}.",
      erasesMore_one:
        "Nach dem Speichern werden beendete Chats dieses Widgets, deren letzte Nachricht älter als {{count, number}} Monat ist, innerhalb einer Stunde endgültig gelöscht. Das lässt sich nicht rückgängig machen.",
      erasesMore_other:
        "Nach dem Speichern werden beendete Chats dieses Widgets, deren letzte Nachricht älter als {{count, number}} Monate ist, innerhalb einer Stunde endgültig gelöscht. Das lässt sich nicht rückgängig machen.",
      foreverWarning:
        "Chats werden aufbewahrt, bis jemand sie löscht. Die DSGVO verlangt, personenbezogene Daten nicht länger als nötig zu speichern: Wählen Sie dies nur mit einem Grund, den Sie erklären können. Die Änderung wird im Audit-Protokoll festgehalten.",
      foreverConfirm: "Ja, Chats aufbewahren, bis sie gelöscht werden",
    },
    consent: {
      enabled: "Datenschutzhinweis anzeigen und um Einwilligung bitten",
      enabledHint:
        "Bevor der Chat beginnt, lesen Besucher den Hinweis und setzen selbst ein Häkchen. Der Einwilligungsnachweis speichert einen Hash des genau angezeigten Textes und dessen Sprache.",
      disabledHint: "Aus: kein Hinweis und keine Einwilligung. Nur ratsam, wenn Sie für den Chat eine andere Rechtsgrundlage haben.",
      texts: "Texte des Datenschutzhinweises",
      textsHint:
        "Ihr eigener Hinweis in einzelnen Sprachen; alle anderen Sprachen zeigen den eingebauten. Wer den Chat vor einer Änderung geöffnet hat, wird gebeten, den neuen Text zu lesen.",
      textIn: "Datenschutzhinweis auf {{language}}",
      addLanguage: "Sprache eines neuen Datenschutzhinweises",
      remove: "Datenschutzhinweis ({{language}}) entfernen",
      add: "Hinweistext hinzufügen",
    },
    policy: {
      url: "URL der Datenschutzerklärung",
      urlHint: "Eine https://-Adresse, im Widget stets als Link angezeigt. Leer lassen, wenn kein Link erscheinen soll.",
      labels: "Linktexte der Datenschutzerklärung",
      labelsHint: "Der Text des Links je Sprache; in anderen Sprachen lautet er „Datenschutzerklärung“ in der Sprache des Besuchers.",
      labelIn: "Linktext auf {{language}}",
      addLanguage: "Sprache eines neuen Linktexts",
      add: "Linktext hinzufügen",
      remove: "Linktext ({{language}}) entfernen",
    },
    preChat: {
      intro: "Fragen Sie nur ab, was Sie zum Helfen brauchen: Alles Abgefragte wird verschlüsselt mit dem Chat gespeichert.",
      hidden: "Nicht abfragen",
      optional: "Freiwillig",
      required: "Pflichtangabe",
      name: "Name des Besuchers",
      email: "E-Mail-Adresse des Besuchers",
      emailHint: "Damit finden Sie die Chats dieses Besuchers, wenn er Auskunft über seine Daten oder deren Löschung verlangt.",
    },
    origins: {
      label: "Erlaubte Origins",
      hint: "Die Websites, die dieses Widget zeigen dürfen, jeweils als Schema und Host, etwa https://www.example.com (ohne Pfad und ohne Schrägstrich am Ende). Seiten anderer Websites werden abgewiesen.",
      none: "Noch kein Origin: Das Widget öffnet sich auf keiner Website.",
      row: "Erlaubter Origin {{number}}",
      add: "Origin hinzufügen",
      useSuggestion: "{{suggestion}} übernehmen",
      remove: "Origin {{number}} entfernen",
    },
    appearance: {
      greeting: "Begrüßung",
      greetingHint: "Die erste Nachricht, die Besucher sehen. Leer: keine Begrüßung.",
      greetings: "Begrüßung in weiteren Sprachen",
      greetingsHint: "Besucher, deren Widget eine dieser Sprachen spricht, sehen diese Begrüßung; alle anderen die obige.",
      greetingIn: "Begrüßung auf {{language}}",
      removeGreeting: "Begrüßung auf {{language}} entfernen",
      addGreeting: "Begrüßung hinzufügen",
      titles: "Titel je Sprache",
      titlesHint: "Die Überschrift des Chatfensters; in Sprachen ohne eigenen Titel der Name des Widgets.",
      titleIn: "Titel auf {{language}}",
      removeTitle: "Titel auf {{language}} entfernen",
      addTitle: "Titel hinzufügen",
      accentColour: "Akzentfarbe",
      colourPicker: "Farbauswahl",
      accentColourHint: "Eine Farbe wie #1f4fd1, für den Launcher und die Schaltflächen des Chats.",
      position: "Position des Launchers",
      right: "Unten rechts",
      left: "Unten links",
      operatorNames: "Namen der Mitarbeitenden für Besucher",
      alias: "Aliasnamen und -bilder (echte Namen, wo kein Alias gesetzt ist)",
      none: "Nur „Operator“",
      operatorNamesHint: "Mit „Nur Operator“ sehen Besucher keinen Namen und kein Bild aus Ihrem Team.",
    },
    problems: {
      summary_one: "Vor dem Speichern ist {{count, number}} Angabe zu korrigieren:",
      summary_other: "Vor dem Speichern sind {{count, number}} Angaben zu korrigieren:",
      nameRequired: "Geben Sie dem Widget einen Namen.",
      invalidOrigin: "„{{value}}“ ist kein Origin: Geben Sie Schema und Host an, etwa https://www.example.com.",
      invalidOriginSuggest:
        "„{{value}}“ ist kein Origin: Ein Origin hat keinen Pfad und keinen Schrägstrich am Ende. Meinten Sie {{suggestion}}?",
      duplicateOrigin: "„{{value}}“ steht bereits in der Liste.",
      tooManyOrigins: "Ein Widget kann höchstens {{max}} erlaubte Origins haben.",
      invalidUrl:
        "Die URL der Datenschutzerklärung muss eine vollständige Adresse sein, die mit https:// beginnt (http:// nur für localhost oder 127.0.0.1).",
      labelsWithoutUrl: "Linktexte brauchen eine URL der Datenschutzerklärung. Tragen Sie eine ein oder entfernen Sie die Linktexte.",
      monthsRange: "Die Aufbewahrung ist eine ganze Zahl von Monaten zwischen 1 und 36.",
      invalidColour: "Geben Sie die Farbe als # mit sechs Hexadezimalziffern an, etwa #1f4fd1.",
      foreverUnconfirmed: "Bestätigen Sie, dass Chats bis zur Löschung aufbewahrt werden sollen, oder wählen Sie eine Anzahl Monate.",
    },
  },
  email: {
    heading: "E-Mail",
    configured: "E-Mails werden über {{host}}:{{port}} ({{security}}) von {{from}} gesendet.",
    off: "E-Mail ist aus: Kein SMTP-Server ist eingerichtet. Antworten per E-Mail, Verläufe und Hinweise werden nicht gesendet.",
    problem: "Die E-Mail-Einrichtung ist nicht nutzbar: {{problem}}",
    counts: "Wartend: {{pending}} · Fehlgeschlagen: {{failed}}",
    recent: "Letzte Zustellversuche (Empfänger und Inhalte werden hier nicht gespeichert)",
    kind: "Art",
    status: "Stand",
    lastAttempt: "Letzter Versuch",
    attempts: "Versuche",
    error: "Fehler",
    retryNow: "Fehlgeschlagene E-Mails jetzt erneut senden",
    retried_one: "{{count}} E-Mail erneut eingereiht.",
    retried_other: "{{count}} E-Mails erneut eingereiht.",
    kinds: {
      visitor_reply: "Antwort an Besucher",
      transcript: "Verlauf",
      offline_alert: "Hinweis: neue Nachricht",
      unanswered_alert: "Hinweis: unbeantworteter Chat",
    },
    statuses: {
      pending: "Wartend",
      failed: "Fehlgeschlagen",
    },
  },
  account: {
    requireTwoFactor: "Anmeldung in zwei Schritten für alle Mitarbeitenden verlangen",
    requireTwoFactorHint: "Mitarbeitende ohne zweiten Faktor richten ihn bei der nächsten Anmeldung ein, vor allem anderen.",
    heading: "Konto und Aufbewahrung",
    intro: "Einstellungen für das ganze Konto: sein Name, wie lange Chats aufbewahrt werden und wie Auswertungen Mitarbeitende zeigen.",
    needsAllDepartments:
      "Diese Einstellungen betreffen alle Abteilungen. Um sie zu ändern, braucht es eine Rolle, die alle Abteilungen umfasst; ansehen können Sie sie.",
    groups: {
      general: "Konto",
      retention: "Aufbewahrung",
      analytics: "Auswertungen",
      signIn: "Anmeldung",
    },
    name: "Kontoname",
    nameHint: "Wird Ihrem Team in der App angezeigt.",
    nameRequired: "Geben Sie dem Konto einen Namen.",
    retention: "Standard-Aufbewahrung",
    retentionOff: "Bis zur Löschung aufbewahren",
    retentionMonths: "Nach einigen Monaten löschen",
    retentionIntro: "Chats nur so lange aufzubewahren, wie Sie sie brauchen, ist eine Pflicht nach der DSGVO (Speicherbegrenzung).",
    retentionHint:
      "Gilt für jedes Widget, das die Vorgabe des Kontos nutzt; die eigene Aufbewahrung eines Widgets hat Vorrang. Stündlich werden beendete Chats, deren letzte Nachricht älter ist, endgültig gelöscht, samt allem, was zu ihnen gespeichert ist.",
    erasesMore_one:
      "Nach dem Speichern werden beendete Chats, deren letzte Nachricht älter als {{count, number}} Monat ist, innerhalb einer Stunde endgültig gelöscht, und zwar in jedem Widget, das die Vorgabe des Kontos nutzt. Das lässt sich nicht rückgängig machen.",
    erasesMore_other:
      "Nach dem Speichern werden beendete Chats, deren letzte Nachricht älter als {{count, number}} Monate ist, innerhalb einer Stunde endgültig gelöscht, und zwar in jedem Widget, das die Vorgabe des Kontos nutzt. Das lässt sich nicht rückgängig machen.",
    backups:
      "Sicherungen enthalten gelöschte Chats noch bis zu 30 Tage; wird eine Sicherung wiederhergestellt, wird die Löschung erneut angewendet.",
    pseudonymousAnalytics: "Pseudonyme Auswertungen",
    pseudonymousAnalyticsHint:
      "Auswertungen zeigen Mitarbeitende für alle unter gleichbleibenden Pseudonymen, unabhängig von den Rechten der Betrachtenden. So wird niemandes Leistung namentlich verfolgt.",
  },
};
