import type { Translation } from "../translation";
import type { settingsTexts as english } from "./en";

export const settingsTexts: Pick<Translation, keyof typeof english> = {
  widgets: {
    heading: "Widgets",
    intro: "Cada widget es un chat en tus sitios web, con sus propios ajustes de privacidad, textos y aspecto. Elige uno para cambiarlo.",
    unsaved: "Cambios sin guardar",
    discard: "Descartar cambios",
    editing: "Widget «{{name}}»",
    list: {
      heading: "Tus widgets",
      empty: "Todavía no hay widgets.",
      privacyMode: "Modo de privacidad",
      edited: "Modificado",
    },
    add: {
      heading: "Nuevo widget",
      intro:
        "Un widget nuevo empieza en modo de privacidad y pide el consentimiento a los visitantes. Después, añade tu sitio a sus orígenes permitidos.",
      name: "Nombre del nuevo widget",
      department: "Departamento del nuevo widget",
      departmentFallback:
        "Tu rol no puede ver la lista de departamentos, así que el nuevo widget se une al departamento del widget seleccionado.",
      noDepartments: "No hay ningún departamento al que puedas añadir un widget.",
      noDepartmentKnown:
        "Tu rol no puede ver la lista de departamentos y ningún widget existente indica uno, así que aquí no se puede añadir un widget.",
      submit: "Añadir widget",
    },
    embed: {
      heading: "Ponlo en tu sitio",
      code: "Código para insertar",
      hint: "Pega este código en cada página que deba ofrecer el chat (clave del sitio {{siteKey}}). El origen del sitio debe estar entre los orígenes permitidos de abajo. El lanzador no pone ninguna cookie ni carga nada más hasta que un visitante hace clic en él.",
      copy: "Copiar",
      copied: "Copiado",
      selected: "No se ha podido copiar. El código está seleccionado: pulsa Ctrl+C (⌘C en Mac) para copiarlo.",
    },
    texts: {
      none: "No se ha añadido ninguno: se usa el texto integrado en todos los idiomas.",
      builtIn: "Vacío: el texto integrado",
    },
    groups: {
      general: "General",
      privacy: "Privacidad y conservación",
      consent: "Consentimiento y política de privacidad",
      preChat: "Antes del chat",
      appearance: "Aspecto",
    },
    name: "Nombre",
    nameHint: "Se muestra a los visitantes en la parte superior del chat.",
    department: "Departamento",
    departmentHint: "El departamento cuyos operadores atienden los chats de este widget.",
    departmentUnknown:
      "Tu rol no puede ver la lista de departamentos, así que el departamento se muestra por su ID y no se puede cambiar aquí.",
    privacy: {
      privacyMode: "Modo de privacidad",
      privacyModeOn:
        "Activado: no se conservan la dirección IP, el User-Agent, la página de referencia ni las páginas vistas, y la vista previa en directo y la búsqueda de identidad no funcionan. Solo se guarda el chat en sí.",
      privacyModeOff:
        "Desactivado: en cada chat se conservan, cifrados, la dirección IP, el User-Agent, la página de referencia y las páginas vistas por el visitante, y los operadores pueden verlos. Actívalo para guardar solo el chat en sí.",
      turningOff:
        "Sin el modo de privacidad se conservan más datos personales de cada chat nuevo. Asegúrate de que tu política de privacidad lo contempla.",
      livePreview: "Vista previa en directo",
      livePreviewHint:
        "Los operadores ven lo que escriben los visitantes antes de que lo envíen. Desactivada: solo salen del navegador del visitante los mensajes que decide enviar.",
      livePreviewForced:
        "No funciona en modo de privacidad. Ajuste guardado: {{saved}}; vuelve a aplicarse si se desactiva el modo de privacidad.",
      identityLookup: "Búsqueda de identidad",
      identityLookupHint:
        "Muestra a los operadores la imagen pública de Gravatar del visitante, encontrada a partir de su correo electrónico: el navegador de los operadores la pide a Gravatar con un hash de esa dirección.",
      identityLookupForced:
        "No funciona en modo de privacidad. Ajuste guardado: {{saved}}; vuelve a aplicarse si se desactiva el modo de privacidad.",
      on: "activado",
      off: "desactivado",
      appliesToNewChats:
        "Estas opciones se aplican a los chats que empiecen después de guardar; los chats en curso mantienen los ajustes con los que empezaron.",
    },
    retention: {
      label: "Conservación",
      hint: "Cuánto tiempo se conservan los chats terminados después de su último mensaje. La limpieza se ejecuta cada hora y borra para siempre los chats más antiguos, con todo lo que se guardó sobre ellos. La elección de este widget prevalece sobre la predeterminada de la cuenta.",
      account: "La predeterminada de la cuenta",
      accountKept: "La predeterminada de la cuenta (conservar hasta que se borren)",
      accountMonths_one: "La predeterminada de la cuenta ({{count, number}} mes)",
      accountMonths_other: "La predeterminada de la cuenta ({{count, number}} meses)",
      off: "Conservar hasta que se borren",
      months: "Borrar tras un número de meses",
      monthsLabel: "Meses después del último mensaje",
      monthsHint: "Un número entero de {{min}} a {{max}}.",
      erasesMore_one:
        "Al guardar, los chats terminados de este widget cuyo último mensaje tenga más de {{count, number}} mes se borran para siempre en menos de una hora. No se puede deshacer.",
      erasesMore_other:
        "Al guardar, los chats terminados de este widget cuyo último mensaje tenga más de {{count, number}} meses se borran para siempre en menos de una hora. No se puede deshacer.",
      foreverWarning:
        "Los chats se conservarán hasta que alguien los elimine. El RGPD pide no conservar los datos personales más tiempo del necesario: elija esta opción solo por un motivo que pueda explicar. El cambio queda registrado en el registro de auditoría.",
      foreverConfirm: "Sí, conservar los chats hasta que se eliminen",
    },
    consent: {
      enabled: "Mostrar el aviso de privacidad y pedir el consentimiento",
      enabledHint:
        "Antes de empezar el chat, los visitantes leen el aviso y marcan una casilla que no viene marcada. El comprobante del consentimiento guarda un hash del texto exacto mostrado y su idioma.",
      disabledHint: "Desactivado: sin aviso ni consentimiento. Hazlo solo si tienes otra base jurídica para el chat.",
      texts: "Textos del aviso de privacidad",
      textsHint:
        "Tu propio aviso en algunos idiomas; los demás muestran el integrado. A quien abrió el chat antes de un cambio se le pide que lea el texto nuevo.",
      textIn: "Aviso de privacidad en {{language}}",
      addLanguage: "Idioma de un aviso nuevo",
      remove: "Quitar el aviso ({{language}})",
      add: "Añadir texto del aviso",
    },
    policy: {
      url: "URL de la política de privacidad",
      urlHint: "Una dirección https://, que se muestra siempre como enlace en el widget. Déjala vacía para no mostrar ningún enlace.",
      labels: "Textos del enlace a la política",
      labelsHint: "El texto del enlace en cada idioma; en los demás idiomas dice «Política de privacidad» en el idioma del visitante.",
      labelIn: "Texto del enlace en {{language}}",
      addLanguage: "Idioma de un texto de enlace nuevo",
      add: "Añadir texto del enlace",
      remove: "Quitar el texto del enlace ({{language}})",
    },
    preChat: {
      intro: "Pide solo lo que necesites para ayudar: todo lo que se pide se guarda, cifrado, con el chat.",
      hidden: "No se pide",
      optional: "Opcional",
      required: "Obligatorio",
      name: "Nombre del visitante",
      email: "Correo del visitante",
      emailHint: "Te permite encontrar los chats de este visitante cuando pida acceder a sus datos o borrarlos.",
    },
    origins: {
      label: "Orígenes permitidos",
      hint: "Los sitios que pueden mostrar este widget, cada uno como esquema y host, por ejemplo https://www.example.com (sin ruta ni barra final). Las páginas de cualquier otro sitio se rechazan.",
      none: "Todavía no hay ningún origen: el widget no se abre en ningún sitio.",
      row: "Origen permitido {{number}}",
      add: "Añadir origen",
      useSuggestion: "Usar {{suggestion}}",
      remove: "Quitar origen {{number}}",
    },
    appearance: {
      greeting: "Saludo",
      greetingHint: "El primer mensaje que ven los visitantes. Vacío: sin saludo.",
      greetings: "Saludo en otros idiomas",
      greetingsHint: "Los visitantes cuyo widget habla uno de estos idiomas ven este saludo; todos los demás, el de arriba.",
      greetingIn: "Saludo en {{language}}",
      removeGreeting: "Quitar el saludo en {{language}}",
      addGreeting: "Añadir saludo",
      titles: "Título por idioma",
      titlesHint: "El encabezado de la ventana; en los idiomas sin título, el nombre del widget.",
      titleIn: "Título en {{language}}",
      removeTitle: "Quitar el título en {{language}}",
      addTitle: "Añadir título",
      accentColour: "Color de acento",
      colourPicker: "Selector de color",
      accentColourHint: "Un color como #1f4fd1, para el lanzador y los botones del chat.",
      position: "Posición del lanzador",
      right: "Abajo a la derecha",
      left: "Abajo a la izquierda",
      operatorNames: "Nombres de los operadores que ven los visitantes",
      alias: "Alias y avatares (el nombre real si no hay alias)",
      none: "Solo «Operador»",
      operatorNamesHint: "Con «Solo Operador», los visitantes no ven ningún nombre ni foto de tu equipo.",
    },
    problems: {
      summary_one: "Antes de guardar, corrige {{count, number}} cosa:",
      summary_other: "Antes de guardar, corrige {{count, number}} cosas:",
      nameRequired: "Ponle un nombre al widget.",
      invalidOrigin: "«{{value}}» no es un origen: escribe el esquema y el host, por ejemplo https://www.example.com.",
      invalidOriginSuggest: "«{{value}}» no es un origen: un origen no lleva ruta ni barra final. ¿Querías decir {{suggestion}}?",
      duplicateOrigin: "«{{value}}» ya está en la lista.",
      tooManyOrigins: "Un widget puede tener como máximo {{max}} orígenes permitidos.",
      invalidUrl:
        "La URL de la política de privacidad debe ser una dirección completa que empiece por https:// (http:// solo para localhost o 127.0.0.1).",
      labelsWithoutUrl: "Los textos del enlace necesitan una URL de la política de privacidad. Añade una o quita los textos del enlace.",
      monthsRange: "La conservación es un número entero de meses entre 1 y 36.",
      invalidColour: "Escribe el color como # seguido de seis dígitos hexadecimales, por ejemplo #1f4fd1.",
      foreverUnconfirmed: "Confirme que los chats deben conservarse hasta que se eliminen, o elija un número de meses.",
    },
  },
  email: {
    heading: "Correo",
    configured: "El correo se envía a través de {{host}}:{{port}} ({{security}}) desde {{from}}.",
    off: "El correo está desactivado: no hay ningún servidor SMTP configurado. No se envían respuestas por correo, transcripciones ni avisos.",
    problem: "La configuración de correo no se puede usar: {{problem}}",
    counts: "En espera: {{pending}} · Fallidos: {{failed}}",
    recent: "Últimos intentos de entrega (aquí no se guardan destinatarios ni contenidos)",
    kind: "Tipo",
    status: "Estado",
    lastAttempt: "Último intento",
    attempts: "Intentos",
    error: "Error",
    retryNow: "Reintentar ahora los correos fallidos",
    retried_one: "{{count}} correo vuelve a estar en cola.",
    retried_other: "{{count}} correos vuelven a estar en cola.",
    kinds: {
      visitor_reply: "Respuesta a un visitante",
      transcript: "Transcripción",
      offline_alert: "Aviso: mensaje nuevo",
      unanswered_alert: "Aviso: chat sin respuesta",
    },
    statuses: {
      pending: "En espera",
      failed: "Fallido",
    },
  },
  account: {
    requireTwoFactor: "Exigir el inicio de sesión en dos pasos a todos los operadores",
    requireTwoFactorHint: "Los operadores sin segundo factor lo configuran en su próximo inicio de sesión, antes que nada.",
    heading: "Cuenta y conservación",
    intro: "Ajustes de toda la cuenta: su nombre, cuánto tiempo se conservan los chats y cómo muestran las estadísticas a los operadores.",
    needsAllDepartments:
      "Estos ajustes afectan a todos los departamentos, así que para cambiarlos hace falta un rol que los abarque todos. Puedes consultarlos.",
    groups: {
      general: "Cuenta",
      retention: "Conservación",
      analytics: "Estadísticas",
      signIn: "Inicio de sesión",
    },
    name: "Nombre de la cuenta",
    nameHint: "Se muestra a tu equipo en la aplicación.",
    nameRequired: "Ponle un nombre a la cuenta.",
    retention: "Conservación predeterminada",
    retentionOff: "Conservar hasta que se borren",
    retentionMonths: "Borrar tras un número de meses",
    retentionIntro: "Conservar los chats solo el tiempo necesario es una obligación del RGPD (limitación del plazo de conservación).",
    retentionHint:
      "Se aplica a cada widget que use la conservación predeterminada de la cuenta; la conservación propia de un widget prevalece. Cada hora, los chats terminados cuyo último mensaje sea más antiguo se borran para siempre, con todo lo que se guardó sobre ellos.",
    erasesMore_one:
      "Al guardar, los chats terminados cuyo último mensaje tenga más de {{count, number}} mes se borran para siempre en menos de una hora, en cada widget que use la conservación predeterminada de la cuenta. No se puede deshacer.",
    erasesMore_other:
      "Al guardar, los chats terminados cuyo último mensaje tenga más de {{count, number}} meses se borran para siempre en menos de una hora, en cada widget que use la conservación predeterminada de la cuenta. No se puede deshacer.",
    backups: "Las copias de seguridad guardan los chats borrados hasta 30 días; si se restaura una copia, el borrado se vuelve a aplicar.",
    pseudonymousAnalytics: "Estadísticas con seudónimos",
    pseudonymousAnalyticsHint:
      "Las estadísticas muestran a los operadores con seudónimos estables a todo el mundo, sean cuales sean los permisos de quien las consulta, para que nadie sea evaluado por su nombre.",
  },
};
