import type { Translation } from "../translation";
import type { ssoTexts as english, ssoErrors as englishErrors } from "./en";

export const ssoTexts: Pick<Translation, keyof typeof english> = {
  ssoLogin: {
    offer: "Iniciar sesión con inicio de sesión único",
    heading: "Inicio de sesión único",
    intro: "Escribe tu correo de trabajo. Confide te lleva a la página de inicio de sesión de tu empresa y te trae de vuelta.",
    email: "Correo de trabajo",
    submit: "Continuar",
    back: "Iniciar sesión con correo y contraseña",
  },
  ssoSettings: {
    nav: "Inicio de sesión único",
    heading: "Inicio de sesión único (OpenID Connect)",
    intro:
      "Tu equipo inicia sesión a través del proveedor de identidad de tu empresa. Sus grupos deciden el rol de cada persona en Confide.",
    notConfigured: "El inicio de sesión único aún no está configurado.",
    needsAllDepartments:
      "El inicio de sesión único decide quién entra en toda la cuenta, así que necesita un rol que gestione la configuración de todos los departamentos.",
    groups: {
      provider: "Proveedor de identidad",
      people: "Quién inicia sesión",
      roles: "Grupos y roles",
      policy: "Política",
    },
    redirectUri: "URI de redirección",
    redirectUriHint: "Registra esta dirección como URI de redirección del cliente en tu proveedor de identidad.",
    issuer: "URL del emisor",
    issuerHint:
      "La dirección que tu proveedor indica como emisor, por ejemplo https://login.example.com/realms/staff. Solo https (http simple solo en 127.0.0.1 o localhost).",
    clientId: "ID de cliente",
    clientSecret: "Secreto de cliente",
    clientSecretSet: "Hay un secreto guardado (cifrado; nunca se muestra). Deja este campo vacío para conservarlo.",
    clientSecretNew: "Se guarda cifrado y no se vuelve a mostrar.",
    domains: "Dominios de correo",
    domainsHint:
      "Uno por línea, por ejemplo example.com. Las personas con una dirección de estos dominios usan este proveedor cuando eligen el inicio de sesión único.",
    groupsClaim: "Claim de grupos",
    groupsClaimHint: "El claim del token de ID que enumera los grupos de una persona; normalmente «groups».",
    mappingsHint:
      "En este orden: el primer grupo al que pertenece una persona decide su rol, en cada inicio de sesión. Quien no esté en ninguno de estos grupos no puede iniciar sesión.",
    group: "Grupo",
    role: "Rol",
    addMapping: "Añadir un grupo",
    removeMapping: "Quitar este grupo",
    noMappings: "Aún no hay ningún grupo asignado, así que nadie puede iniciar sesión con inicio de sesión único.",
    createOperators: "Crear un operador en el primer inicio de sesión de alguien de un grupo asignado",
    ssoOnly: "Solo inicio de sesión único",
    ssoOnlyHint:
      "Se rechaza el inicio de sesión con contraseña y con llave de acceso para los operadores de esta cuenta. Los operadores cuyo rol puede cambiar esta página conservan su contraseña, como acceso si falla el proveedor de identidad.",
    remove: "Quitar el inicio de sesión único",
    removeConfirm: "¿Quitar el inicio de sesión único? Los operadores se mantienen, pero vuelven a iniciar sesión con su contraseña.",
    removed: "Se ha quitado el inicio de sesión único.",
  },
};

export const ssoErrors: Record<keyof typeof englishErrors, string> = {
  sso_not_available: "El inicio de sesión único no está disponible para esta dirección.",
  sso_provider_unavailable: "No se puede contactar con el proveedor de identidad. Inténtalo de nuevo más tarde.",
  sso_required: "Tu cuenta solo inicia sesión con inicio de sesión único. Elige «Iniciar sesión con inicio de sesión único».",
  sso_expired: "El inicio de sesión tardó demasiado o se empezó en otro navegador. Empieza de nuevo.",
  sso_replayed: "Este inicio de sesión ya se usó. Empieza de nuevo.",
  sso_state_mismatch: "La respuesta del proveedor de identidad no corresponde a este inicio de sesión. Empieza de nuevo.",
  sso_denied: "El proveedor de identidad no permitió el inicio de sesión.",
  sso_invalid_response: "No se pudo verificar la respuesta del proveedor de identidad. Consulta con tu administrador.",
  sso_email_unverified: "Tu proveedor de identidad no ha confirmado tu dirección de correo, así que Confide no puede iniciar tu sesión.",
  sso_email_domain: "Tu dirección de correo no pertenece al inicio de sesión único de esta cuenta.",
  sso_no_mapped_group: "No estás en ninguno de los grupos con acceso a Confide. Pide a tu administrador que te añada a uno.",
  sso_no_operator: "Todavía no hay un operador de Confide para tu dirección. Consulta con tu administrador.",
  sso_operator_disabled: "Tu operador de Confide está desactivado. Consulta con tu administrador.",
  sso_failed: "El inicio de sesión único no funcionó. Inténtalo de nuevo.",
  sso_domain_taken: "Uno de estos dominios ya inicia sesión a través de otra cuenta.",
  insecure_issuer: "El emisor debe ser una dirección https (http simple solo en 127.0.0.1 o localhost).",
  client_secret_required: "Escribe el secreto de cliente.",
  unknown_role: "Uno de los roles ya no existe. Elige otro.",
};
