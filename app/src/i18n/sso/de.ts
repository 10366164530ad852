import type { Translation } from "../translation";
import type { ssoTexts as english, ssoErrors as englishErrors } from "./en";

export const ssoTexts: Pick<Translation, keyof typeof english> = {
  ssoLogin: {
    offer: "Mit Single Sign-on anmelden",
    heading: "Single Sign-on",
    intro: "Geben Sie Ihre geschäftliche E-Mail-Adresse ein. Confide leitet Sie zur Anmeldeseite Ihres Unternehmens und wieder zurück.",
    email: "Geschäftliche E-Mail",
    submit: "Weiter",
    back: "Mit E-Mail und Passwort anmelden",
  },
  ssoSettings: {
    nav: "Single Sign-on",
    heading: "Single Sign-on (OpenID Connect)",
    intro:
      "Ihr Team meldet sich über den Identitätsanbieter Ihres Unternehmens an. Dessen Gruppen bestimmen die Rolle jeder Person in Confide.",
    notConfigured: "Single Sign-on ist noch nicht eingerichtet.",
    needsAllDepartments:
      "Single Sign-on entscheidet, wer in das ganze Konto kommt; dafür braucht es eine Rolle, die Einstellungen über alle Abteilungen verwaltet.",
    groups: {
      provider: "Identitätsanbieter",
      people: "Wer sich anmeldet",
      roles: "Gruppen und Rollen",
      policy: "Richtlinie",
    },
    redirectUri: "Weiterleitungs-URI",
    redirectUriHint: "Tragen Sie diese Adresse beim Client Ihres Identitätsanbieters als Redirect-URI ein.",
    issuer: "Issuer-URL",
    issuerHint:
      "Die Adresse, die Ihr Anbieter als Issuer nennt, etwa https://login.example.com/realms/staff. Nur https (einfaches http nur auf 127.0.0.1 oder localhost).",
    clientId: "Client-ID",
    clientSecret: "Client-Secret",
    clientSecretSet: "Ein Secret ist gespeichert (verschlüsselt; es wird nie angezeigt). Lassen Sie das Feld leer, um es zu behalten.",
    clientSecretNew: "Wird verschlüsselt gespeichert und nie wieder angezeigt.",
    domains: "E-Mail-Domains",
    domainsHint:
      "Eine pro Zeile, etwa example.com. Personen mit einer Adresse dieser Domains nutzen diesen Anbieter, wenn sie Single Sign-on wählen.",
    groupsClaim: "Gruppen-Claim",
    groupsClaimHint: "Der Claim des ID-Tokens, der die Gruppen einer Person auflistet; meist „groups“.",
    mappingsHint:
      "In dieser Reihenfolge: Die erste Gruppe, in der eine Person ist, bestimmt bei jeder Anmeldung ihre Rolle. Wer in keiner dieser Gruppen ist, kann sich nicht anmelden.",
    group: "Gruppe",
    role: "Rolle",
    addMapping: "Gruppe hinzufügen",
    removeMapping: "Diese Gruppe entfernen",
    noMappings: "Noch keine Gruppe zugeordnet; niemand kann sich per Single Sign-on anmelden.",
    createOperators: "Bei der ersten Anmeldung einer Person aus einer zugeordneten Gruppe einen Operator anlegen",
    ssoOnly: "Nur Single Sign-on",
    ssoOnlyHint:
      "Anmeldung mit Passwort und Passkey wird für die Operatoren dieses Kontos abgelehnt. Operatoren, deren Rolle diese Seite ändern darf, behalten ihr Passwort als Zugang, falls der Identitätsanbieter ausfällt.",
    remove: "Single Sign-on entfernen",
    removeConfirm: "Single Sign-on entfernen? Die Operatoren bleiben bestehen, melden sich aber wieder mit ihrem Passwort an.",
    removed: "Single Sign-on wurde entfernt.",
  },
};

export const ssoErrors: Record<keyof typeof englishErrors, string> = {
  sso_not_available: "Für diese Adresse ist Single Sign-on nicht verfügbar.",
  sso_provider_unavailable: "Der Identitätsanbieter ist nicht erreichbar. Bitte versuchen Sie es später erneut.",
  sso_required: "Ihr Konto meldet sich nur per Single Sign-on an. Wählen Sie „Mit Single Sign-on anmelden“.",
  sso_expired: "Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Browser begonnen. Bitte beginnen Sie neu.",
  sso_replayed: "Diese Anmeldung wurde bereits verwendet. Bitte beginnen Sie neu.",
  sso_state_mismatch: "Die Antwort des Identitätsanbieters gehört nicht zu dieser Anmeldung. Bitte beginnen Sie neu.",
  sso_denied: "Der Identitätsanbieter hat die Anmeldung nicht zugelassen.",
  sso_invalid_response: "Die Antwort des Identitätsanbieters konnte nicht geprüft werden. Bitte wenden Sie sich an Ihre Administration.",
  sso_email_unverified: "Ihr Identitätsanbieter hat Ihre E-Mail-Adresse nicht bestätigt; Confide kann Sie daher nicht anmelden.",
  sso_email_domain: "Ihre E-Mail-Adresse gehört nicht zum Single Sign-on dieses Kontos.",
  sso_no_mapped_group: "Sie sind in keiner der Gruppen mit Zugang zu Confide. Bitten Sie Ihre Administration, Sie einer hinzuzufügen.",
  sso_no_operator: "Für Ihre Adresse gibt es noch keinen Confide-Operator. Bitte wenden Sie sich an Ihre Administration.",
  sso_operator_disabled: "Ihr Confide-Operator ist deaktiviert. Bitte wenden Sie sich an Ihre Administration.",
  sso_failed: "Die Anmeldung per Single Sign-on hat nicht funktioniert. Bitte versuchen Sie es erneut.",
  sso_domain_taken: "Eine dieser Domains meldet sich bereits über ein anderes Konto an.",
  insecure_issuer: "Der Issuer muss eine https-Adresse sein (einfaches http nur auf 127.0.0.1 oder localhost).",
  client_secret_required: "Geben Sie das Client-Secret ein.",
  unknown_role: "Eine der Rollen gibt es nicht mehr. Bitte wählen Sie eine andere.",
};
