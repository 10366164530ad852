import type { Translation } from "../translation";
import type { ssoTexts as english, ssoErrors as englishErrors } from "./en";

export const ssoTexts: Pick<Translation, keyof typeof english> = {
  ssoLogin: {
    offer: "Accedi con il single sign-on",
    heading: "Single sign-on",
    intro: "Inserisci la tua email di lavoro. Confide ti porta alla pagina di accesso della tua azienda e poi di nuovo qui.",
    email: "Email di lavoro",
    submit: "Continua",
    back: "Accedi con email e password",
  },
  ssoSettings: {
    nav: "Single sign-on",
    heading: "Single sign-on (OpenID Connect)",
    intro:
      "Il tuo team accede tramite il provider di identità della tua azienda. I suoi gruppi decidono il ruolo di ogni persona in Confide.",
    notConfigured: "Il single sign-on non è ancora configurato.",
    needsAllDepartments:
      "Il single sign-on decide chi entra nell’intero account, quindi serve un ruolo che gestisca le impostazioni di tutti i reparti.",
    groups: {
      provider: "Provider di identità",
      people: "Chi accede",
      roles: "Gruppi e ruoli",
      policy: "Regola",
    },
    redirectUri: "URI di reindirizzamento",
    redirectUriHint: "Registra questo indirizzo come URI di reindirizzamento del client presso il tuo provider di identità.",
    issuer: "URL dell’emittente",
    issuerHint:
      "L’indirizzo che il tuo provider indica come emittente, ad esempio https://login.example.com/realms/staff. Solo https (http semplice solo su 127.0.0.1 o localhost).",
    clientId: "ID client",
    clientSecret: "Segreto client",
    clientSecretSet: "Un segreto è salvato (cifrato; non viene mai mostrato). Lascia vuoto questo campo per mantenerlo.",
    clientSecretNew: "Salvato cifrato; non viene più mostrato.",
    domains: "Domini email",
    domainsHint:
      "Uno per riga, ad esempio example.com. Chi ha un indirizzo di questi domini usa questo provider quando sceglie il single sign-on.",
    groupsClaim: "Claim dei gruppi",
    groupsClaimHint: "Il claim del token ID che elenca i gruppi di una persona; di solito «groups».",
    mappingsHint:
      "In quest’ordine: il primo gruppo di cui una persona fa parte decide il suo ruolo, a ogni accesso. Chi non è in nessuno di questi gruppi non può accedere.",
    group: "Gruppo",
    role: "Ruolo",
    addMapping: "Aggiungi un gruppo",
    removeMapping: "Rimuovi questo gruppo",
    noMappings: "Nessun gruppo è ancora associato, quindi nessuno può accedere con il single sign-on.",
    createOperators: "Crea un operatore al primo accesso di una persona di un gruppo associato",
    ssoOnly: "Solo single sign-on",
    ssoOnlyHint:
      "L’accesso con password e passkey è rifiutato agli operatori di questo account. Gli operatori il cui ruolo può modificare questa pagina mantengono la password, come accesso se il provider di identità non funziona.",
    remove: "Rimuovi il single sign-on",
    removeConfirm: "Rimuovere il single sign-on? Gli operatori restano, ma accedono di nuovo con la loro password.",
    removed: "Il single sign-on è stato rimosso.",
  },
};

export const ssoErrors: Record<keyof typeof englishErrors, string> = {
  sso_not_available: "Il single sign-on non è disponibile per questo indirizzo.",
  sso_provider_unavailable: "Il provider di identità non è raggiungibile. Riprova più tardi.",
  sso_required: "Il tuo account accede solo con il single sign-on. Scegli «Accedi con il single sign-on».",
  sso_expired: "L’accesso ha richiesto troppo tempo o è stato avviato in un altro browser. Ricomincia.",
  sso_replayed: "Questo accesso è già stato usato. Ricomincia.",
  sso_state_mismatch: "La risposta del provider di identità non appartiene a questo accesso. Ricomincia.",
  sso_denied: "Il provider di identità non ha consentito l’accesso.",
  sso_invalid_response: "Non è stato possibile verificare la risposta del provider di identità. Rivolgiti al tuo amministratore.",
  sso_email_unverified: "Il tuo provider di identità non ha confermato il tuo indirizzo email, quindi Confide non può farti accedere.",
  sso_email_domain: "Il tuo indirizzo email non appartiene al single sign-on di questo account.",
  sso_no_mapped_group:
    "Non fai parte di nessuno dei gruppi con accesso a Confide. Chiedi al tuo amministratore di aggiungerti a uno di essi.",
  sso_no_operator: "Non esiste ancora un operatore Confide per il tuo indirizzo. Rivolgiti al tuo amministratore.",
  sso_operator_disabled: "Il tuo operatore Confide è disattivato. Rivolgiti al tuo amministratore.",
  sso_failed: "L’accesso con il single sign-on non ha funzionato. Riprova.",
  sso_domain_taken: "Uno di questi domini accede già tramite un altro account.",
  insecure_issuer: "L’emittente deve essere un indirizzo https (http semplice solo su 127.0.0.1 o localhost).",
  client_secret_required: "Inserisci il segreto client.",
  unknown_role: "Uno dei ruoli non esiste più. Scegline un altro.",
};
