// English texts of single sign-on: the login screen's SSO form, the Settings screen, and the error
// codes of both; the other languages must match these keys.
export const ssoTexts = {
  ssoLogin: {
    offer: "Sign in with single sign-on",
    heading: "Single sign-on",
    intro: "Enter your work email. Confide sends you to your company's sign-in page and back.",
    email: "Work email",
    submit: "Continue",
    back: "Sign in with email and password",
  },
  ssoSettings: {
    nav: "Single sign-on",
    heading: "Single sign-on (OpenID Connect)",
    intro: "Your team signs in through your company's identity provider. Its groups decide each person's role in Confide.",
    notConfigured: "Single sign-on is not set up yet.",
    needsAllDepartments:
      "Single sign-on decides who gets into the whole account, so it needs a role that manages settings over all departments.",
    groups: {
      provider: "Identity provider",
      people: "Who signs in",
      roles: "Groups and roles",
      policy: "Policy",
    },
    redirectUri: "Redirect URI",
    redirectUriHint: "Register this address as the redirect URI of the client at your identity provider.",
    issuer: "Issuer URL",
    issuerHint:
      "The address your provider names as its issuer, such as https://login.example.com/realms/staff. Only https (plain http only on 127.0.0.1 or localhost).",
    clientId: "Client ID",
    clientSecret: "Client secret",
    clientSecretSet: "A secret is stored (encrypted; it is never shown). Leave this empty to keep it.",
    clientSecretNew: "Stored encrypted; never shown again.",
    domains: "Email domains",
    domainsHint:
      "One per line, such as example.com. People with an address at these domains use this provider when they choose single sign-on.",
    groupsClaim: "Groups claim",
    groupsClaimHint: "The ID token claim that lists a person's groups; usually “groups”.",
    mappingsHint:
      "In this order: the first group a person is in decides their role, at every sign-in. People in none of these groups cannot sign in.",
    group: "Group",
    role: "Role",
    addMapping: "Add a group",
    removeMapping: "Remove this group",
    noMappings: "No group is mapped yet, so nobody can sign in through single sign-on.",
    createOperators: "Create an operator at the first sign-in of someone in a mapped group",
    ssoOnly: "Single sign-on only",
    ssoOnlyHint:
      "Password and passkey sign-in are refused for this account's operators. Operators whose role can change this page keep their password, as a way in if the identity provider fails.",
    remove: "Remove single sign-on",
    removeConfirm: "Remove single sign-on? Operators keep their accounts but must sign in with their password again.",
    removed: "Single sign-on was removed.",
  },
};

/** The server's error codes for single sign-on, shown by the login screen and the settings screen. */
export const ssoErrors = {
  sso_not_available: "Single sign-on is not available for this address.",
  sso_provider_unavailable: "The identity provider cannot be reached. Please try again later.",
  sso_required: "Your account signs in with single sign-on only. Choose “Sign in with single sign-on”.",
  sso_expired: "The sign-in took too long or was started in another browser. Please start again.",
  sso_replayed: "This sign-in was already used. Please start again.",
  sso_state_mismatch: "The answer from the identity provider does not belong to this sign-in. Please start again.",
  sso_denied: "The identity provider did not let you sign in.",
  sso_invalid_response: "The identity provider's answer could not be verified. Please ask your administrator.",
  sso_email_unverified: "Your identity provider has not confirmed your email address, so Confide cannot sign you in.",
  sso_email_domain: "Your email address does not belong to this account's single sign-on.",
  sso_no_mapped_group: "You are in none of the groups that have access to Confide. Please ask your administrator to add you to one.",
  sso_no_operator: "There is no Confide operator for your address yet. Please ask your administrator.",
  sso_operator_disabled: "Your Confide operator is disabled. Please ask your administrator.",
  sso_failed: "Signing in with single sign-on did not work. Please try again.",
  sso_domain_taken: "One of these domains already signs in through another account.",
  insecure_issuer: "The issuer must be an https address (plain http only on 127.0.0.1 or localhost).",
  client_secret_required: "Enter the client secret.",
  unknown_role: "One of the roles no longer exists. Please choose another.",
};
