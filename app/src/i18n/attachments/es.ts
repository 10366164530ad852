import type { Translation } from "../translation";
import type { attachmentsTexts as english } from "./en";

export const attachmentsTexts: Pick<Translation, keyof typeof english> = {
  attachments: {
    attach: "Adjuntar un archivo",
    uploading: "Subiendo {{name}}",
    uploadProgress: "Progreso de la subida",
    cancelUpload: "Cancelar la subida",
    file: "Archivo",
    download: "Descargar {{name}} ({{size}})",
    settings: {
      legend: "Archivos",
      intro:
        "Los visitantes y los operadores pueden enviar archivos en el chat. Las imágenes pierden sus datos de ubicación y de cámara, y los documentos su autor y otros metadatos, antes de guardarse cifrados.",
      enabled: "Permitir archivos en el chat",
      enabledHint:
        "Desactivado por defecto en el modo de privacidad: un archivo es un dato personal que el visitante quizá no quiera dejar.",
      maxMegabytes: "Tamaño máximo de archivo (MB)",
      maxMegabytesHint: "De {{min}} a {{max}} MB.",
      maxMegabytesRange: "Introduzca un número entero de megabytes entre {{min}} y {{max}}.",
      types: "Tipos de archivo",
      typesHint: "El tipo de un archivo lo deciden sus bytes, no su nombre.",
      noTypes: "Elija al menos un tipo de archivo o desactive los archivos.",
      kinds: {
        image: "Imágenes (JPEG, PNG, WebP, GIF)",
        pdf: "Documentos PDF",
        text: "Archivos de texto (TXT, CSV, Markdown)",
        office: "Documentos de Office (Word, Excel, PowerPoint, OpenDocument)",
      },
    },
    fileCount_one: "{{count, number}} archivo",
    fileCount_other: "{{count, number}} archivos",
    exportFiles: "Incluir archivos (ZIP)",
    exportFilesHint: "Un ZIP con la exportación y todos los archivos enviados en las conversaciones.",
  },
};
