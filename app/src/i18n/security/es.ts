import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Inicio de sesión y seguridad",
    intro: "Cómo inicia sesión en Confide y dónde tiene la sesión iniciada. Estos ajustes son solo suyos; nadie más puede ver su contraseña ni su segundo factor.",
    password: {
      heading: "Contraseña",
      intro: "Al cambiar tu contraseña se cierran tus demás sesiones y se revocan tus tokens de API. Este navegador sigue con la sesión iniciada.",
      current: "Contraseña actual",
      new: "Contraseña nueva",
      newHint: "Al menos {{count}} caracteres.",
      confirm: "Repite la contraseña nueva",
      submit: "Cambiar contraseña",
      saving: "Cambiando…",
      changed: "Tu contraseña ha cambiado. Tus demás sesiones se han cerrado y tus tokens de API se han revocado; aquí sigues con la sesión iniciada.",
      currentRequired: "Introduce tu contraseña actual.",
      tooShort_one: "La contraseña nueva necesita al menos {{count}} carácter.",
      tooShort_other: "La contraseña nueva necesita al menos {{count}} caracteres.",
      mismatch: "Las dos contraseñas nuevas no coinciden.",
    },
    sessions: {
      heading: "Dónde has iniciado sesión",
      intro: "Cada navegador en el que iniciaste sesión tiene una sesión. Termina cuando cierras sesión, tras 30 minutos sin ninguna acción tuya (una pestaña abierta no cuenta) y, como muy tarde, 12 horas después de iniciarla. Cierra cualquier sesión que no reconozcas: ese navegador vuelve al inicio de sesión al instante.",
      loading: "Cargando tus sesiones…",
      caption: "Tus sesiones activas",
      device: "Navegador y sistema",
      created: "Inicio de sesión",
      lastActive: "Última actividad",
      actions: "Acciones",
      thisDevice: "este dispositivo",
      unknownDevice: "Navegador desconocido",
      end: "Cerrar sesión",
      endOthers: "Cerrar todas las demás sesiones",
      ended: "La sesión en {{device}} se ha cerrado.",
      endedOthers_one: "Se ha cerrado {{count}} sesión más.",
      endedOthers_many: "Se han cerrado {{count}} sesiones más.",
      endedOthers_other: "Se han cerrado {{count}} sesiones más.",
      onlyThis: "Solo has iniciado sesión en este navegador.",
    },
  },
};
