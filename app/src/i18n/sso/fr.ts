import type { Translation } from "../translation";
import type { ssoTexts as english, ssoErrors as englishErrors } from "./en";

export const ssoTexts: Pick<Translation, keyof typeof english> = {
  ssoLogin: {
    offer: "Se connecter avec l’authentification unique",
    heading: "Authentification unique",
    intro: "Saisissez votre e-mail professionnel. Confide vous envoie vers la page de connexion de votre entreprise, puis vous ramène ici.",
    email: "E-mail professionnel",
    submit: "Continuer",
    back: "Se connecter avec e-mail et mot de passe",
  },
  ssoSettings: {
    nav: "Authentification unique",
    heading: "Authentification unique (OpenID Connect)",
    intro:
      "Votre équipe se connecte via le fournisseur d’identité de votre entreprise. Ses groupes déterminent le rôle de chaque personne dans Confide.",
    notConfigured: "L’authentification unique n’est pas encore configurée.",
    needsAllDepartments:
      "L’authentification unique décide qui entre dans tout le compte ; il faut un rôle qui gère les paramètres de tous les services.",
    groups: {
      provider: "Fournisseur d’identité",
      people: "Qui se connecte",
      roles: "Groupes et rôles",
      policy: "Règle",
    },
    redirectUri: "URI de redirection",
    redirectUriHint: "Enregistrez cette adresse comme URI de redirection du client chez votre fournisseur d’identité.",
    issuer: "URL de l’émetteur",
    issuerHint:
      "L’adresse que votre fournisseur indique comme émetteur, par exemple https://login.example.com/realms/staff. https uniquement (http simple seulement sur 127.0.0.1 ou localhost).",
    clientId: "ID client",
    clientSecret: "Secret client",
    clientSecretSet: "Un secret est enregistré (chiffré ; il n’est jamais affiché). Laissez ce champ vide pour le conserver.",
    clientSecretNew: "Enregistré chiffré ; plus jamais affiché.",
    domains: "Domaines e-mail",
    domainsHint:
      "Un par ligne, par exemple example.com. Les personnes ayant une adresse de ces domaines utilisent ce fournisseur lorsqu’elles choisissent l’authentification unique.",
    groupsClaim: "Claim des groupes",
    groupsClaimHint: "Le claim du jeton d’identité qui liste les groupes d’une personne ; généralement « groups ».",
    mappingsHint:
      "Dans cet ordre : le premier groupe dont une personne fait partie détermine son rôle, à chaque connexion. Les personnes qui ne sont dans aucun de ces groupes ne peuvent pas se connecter.",
    group: "Groupe",
    role: "Rôle",
    addMapping: "Ajouter un groupe",
    removeMapping: "Retirer ce groupe",
    noMappings: "Aucun groupe n’est encore associé : personne ne peut se connecter par authentification unique.",
    createOperators: "Créer un opérateur à la première connexion d’une personne d’un groupe associé",
    ssoOnly: "Authentification unique uniquement",
    ssoOnlyHint:
      "La connexion par mot de passe et par clé d’accès est refusée aux opérateurs de ce compte. Les opérateurs dont le rôle peut modifier cette page gardent leur mot de passe, comme accès si le fournisseur d’identité tombe en panne.",
    remove: "Supprimer l’authentification unique",
    removeConfirm: "Supprimer l’authentification unique ? Les opérateurs restent, mais se connectent de nouveau avec leur mot de passe.",
    removed: "L’authentification unique a été supprimée.",
  },
};

export const ssoErrors: Record<keyof typeof englishErrors, string> = {
  sso_not_available: "L’authentification unique n’est pas disponible pour cette adresse.",
  sso_provider_unavailable: "Le fournisseur d’identité est injoignable. Veuillez réessayer plus tard.",
  sso_required:
    "Votre compte se connecte uniquement par authentification unique. Choisissez « Se connecter avec l’authentification unique ».",
  sso_expired: "La connexion a pris trop de temps ou a été commencée dans un autre navigateur. Veuillez recommencer.",
  sso_replayed: "Cette connexion a déjà été utilisée. Veuillez recommencer.",
  sso_state_mismatch: "La réponse du fournisseur d’identité n’appartient pas à cette connexion. Veuillez recommencer.",
  sso_denied: "Le fournisseur d’identité n’a pas autorisé la connexion.",
  sso_invalid_response: "La réponse du fournisseur d’identité n’a pas pu être vérifiée. Veuillez contacter votre administrateur.",
  sso_email_unverified: "Votre fournisseur d’identité n’a pas confirmé votre adresse e-mail ; Confide ne peut donc pas vous connecter.",
  sso_email_domain: "Votre adresse e-mail n’appartient pas à l’authentification unique de ce compte.",
  sso_no_mapped_group:
    "Vous ne faites partie d’aucun groupe ayant accès à Confide. Demandez à votre administrateur de vous ajouter à l’un d’eux.",
  sso_no_operator: "Il n’existe pas encore d’opérateur Confide pour votre adresse. Veuillez contacter votre administrateur.",
  sso_operator_disabled: "Votre opérateur Confide est désactivé. Veuillez contacter votre administrateur.",
  sso_failed: "La connexion par authentification unique n’a pas fonctionné. Veuillez réessayer.",
  sso_domain_taken: "L’un de ces domaines se connecte déjà via un autre compte.",
  insecure_issuer: "L’émetteur doit être une adresse https (http simple seulement sur 127.0.0.1 ou localhost).",
  client_secret_required: "Saisissez le secret client.",
  unknown_role: "L’un des rôles n’existe plus. Veuillez en choisir un autre.",
};
