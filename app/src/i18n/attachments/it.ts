import type { Translation } from "../translation";
import type { attachmentsTexts as english } from "./en";

export const attachmentsTexts: Pick<Translation, keyof typeof english> = {
  attachments: {
    attach: "Allega un file",
    uploading: "Caricamento di {{name}}",
    uploadProgress: "Avanzamento del caricamento",
    cancelUpload: "Annulla il caricamento",
    file: "File",
    download: "Scarica {{name}} ({{size}})",
    settings: {
      legend: "File",
      intro:
        "Visitatori e operatori possono inviare file nella chat. Le immagini perdono i dati di posizione e della fotocamera, i documenti l’autore e gli altri metadati, prima di essere salvati cifrati.",
      enabled: "Consenti i file nella chat",
      enabledHint:
        "Disattivato per impostazione predefinita in modalità privacy: un file è un dato personale che il visitatore potrebbe non voler lasciare.",
      maxMegabytes: "Dimensione massima del file (MB)",
      maxMegabytesHint: "Da {{min}} a {{max}} MB.",
      maxMegabytesRange: "Inserisci un numero intero di megabyte tra {{min}} e {{max}}.",
      types: "Tipi di file",
      typesHint: "Il tipo di un file è deciso dai suoi byte, non dal suo nome.",
      noTypes: "Scegli almeno un tipo di file o disattiva i file.",
      kinds: {
        image: "Immagini (JPEG, PNG, WebP, GIF)",
        pdf: "Documenti PDF",
        text: "File di testo (TXT, CSV, Markdown)",
        office: "Documenti Office (Word, Excel, PowerPoint, OpenDocument)",
      },
    },
    fileCount_one: "{{count, number}} file",
    fileCount_other: "{{count, number}} file",
    exportFiles: "Includi i file (ZIP)",
    exportFilesHint: "Uno ZIP dell’esportazione e di tutti i file inviati nelle conversazioni.",
  },
};
