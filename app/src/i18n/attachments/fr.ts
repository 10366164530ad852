import type { Translation } from "../translation";
import type { attachmentsTexts as english } from "./en";

export const attachmentsTexts: Pick<Translation, keyof typeof english> = {
  attachments: {
    attach: "Joindre un fichier",
    uploading: "Envoi de {{name}}",
    uploadProgress: "Progression de l’envoi",
    cancelUpload: "Annuler l’envoi",
    file: "Fichier",
    download: "Télécharger {{name}} ({{size}})",
    settings: {
      legend: "Fichiers",
      intro:
        "Les visiteurs et les opérateurs peuvent envoyer des fichiers dans le chat. Les images perdent leurs données de lieu et d’appareil, les documents leur auteur et leurs autres métadonnées, avant d’être stockés chiffrés.",
      enabled: "Autoriser les fichiers dans le chat",
      enabledHint:
        "Désactivé par défaut en mode confidentialité : un fichier est une donnée personnelle que le visiteur ne souhaite peut-être pas laisser.",
      maxMegabytes: "Taille maximale d’un fichier (Mo)",
      maxMegabytesHint: "De {{min}} à {{max}} Mo.",
      maxMegabytesRange: "Saisissez un nombre entier de mégaoctets entre {{min}} et {{max}}.",
      types: "Types de fichier",
      typesHint: "Le type d’un fichier est déterminé par son contenu, pas par son nom.",
      noTypes: "Choisissez au moins un type de fichier, ou désactivez les fichiers.",
      kinds: {
        image: "Images (JPEG, PNG, WebP, GIF)",
        pdf: "Documents PDF",
        text: "Fichiers texte (TXT, CSV, Markdown)",
        office: "Documents bureautiques (Word, Excel, PowerPoint, OpenDocument)",
      },
    },
    fileCount_one: "{{count, number}} fichier",
    fileCount_other: "{{count, number}} fichiers",
    exportFiles: "Inclure les fichiers (ZIP)",
    exportFilesHint: "Un ZIP de l’export et de tous les fichiers envoyés dans les conversations.",
  },
};
