import type { Translation } from "../translation";
import type { attachmentsTexts as english } from "./en";

export const attachmentsTexts: Pick<Translation, keyof typeof english> = {
  attachments: {
    attach: "Datei anhängen",
    uploading: "{{name}} wird hochgeladen",
    uploadProgress: "Fortschritt des Hochladens",
    cancelUpload: "Hochladen abbrechen",
    file: "Datei",
    download: "{{name}} herunterladen ({{size}})",
    settings: {
      legend: "Dateien",
      intro:
        "Besucher und Operatoren können im Chat Dateien senden. Bilder verlieren Standort- und Kameradaten, Dokumente ihren Autor und weitere Metadaten, bevor sie verschlüsselt gespeichert werden.",
      enabled: "Dateien im Chat erlauben",
      enabledHint:
        "Im Datenschutzmodus standardmäßig aus: Eine Datei ist personenbezogen, und Besucher wollen sie vielleicht nicht hinterlassen.",
      maxMegabytes: "Größte Datei (MB)",
      maxMegabytesHint: "Von {{min}} bis {{max}} MB.",
      maxMegabytesRange: "Geben Sie eine ganze Zahl von Megabyte zwischen {{min}} und {{max}} ein.",
      types: "Dateiarten",
      typesHint: "Was eine Datei ist, entscheiden ihre Bytes, nicht ihr Name.",
      noTypes: "Wählen Sie mindestens eine Dateiart oder schalten Sie Dateien aus.",
      kinds: {
        image: "Bilder (JPEG, PNG, WebP, GIF)",
        pdf: "PDF-Dokumente",
        text: "Textdateien (TXT, CSV, Markdown)",
        office: "Office-Dokumente (Word, Excel, PowerPoint, OpenDocument)",
      },
    },
    fileCount_one: "{{count, number}} Datei",
    fileCount_other: "{{count, number}} Dateien",
    exportFiles: "Dateien einschließen (ZIP)",
    exportFilesHint: "Ein ZIP mit dem Export und allen in den Gesprächen gesendeten Dateien.",
  },
};
