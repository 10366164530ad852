import type { Translation } from "../translation";
import type { verifiedTexts as english } from "./en";

export const verifiedTexts: Pick<Translation, keyof typeof english> = {
  verified: {
    badge: "Verificado",
    title: "Verificado por su sitio web como el usuario {{userId}}",
    userId: "Id. de usuario verificado",
    related: "Otras conversaciones de este visitante",
    noRelated: "No hay otras conversaciones de este visitante que pueda leer.",
  },
  widgetIdentity: {
    heading: "Visitantes verificados",
    enabled: "Confiar en un id. de usuario de mi sitio cuando su hash es válido (data-user-id, data-user-hash)",
    hint: "Su servidor calcula el HMAC-SHA256 del id. de usuario con la clave de este widget. Un hash erróneo o ausente se ignora: el visitante chatea sin verificar. También en modo privacidad; el id. se guarda cifrado con la conversación.",
    secret: "Clave",
    noSecret: "Active la verificación y guarde para crear la clave de este widget.",
    reveal: "Mostrar clave",
    hide: "Ocultar clave",
    copy: "Copiar",
    copied: "Copiado",
    rotate: "Renovar clave",
    rotateConfirm:
      "¿Crear una clave nueva? Todo hash hecho con la actual deja de ser válido al instante: esos visitantes chatean sin verificar hasta que su servidor use la clave nueva.",
    rotated: "Hay una clave nueva. Actualícela en su servidor.",
  },
};
