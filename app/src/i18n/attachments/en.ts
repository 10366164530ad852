// English texts of file attachments (issue 14): the composer's attach button and upload, files in
// messages, the widget's attachment settings and the exports with files; the other languages must match these keys.
export const attachmentsTexts = {
  attachments: {
    attach: "Attach a file",
    uploading: "Uploading {{name}}",
    uploadProgress: "Upload progress",
    cancelUpload: "Cancel upload",
    file: "File",
    download: "Download {{name}} ({{size}})",
    settings: {
      legend: "Files",
      intro:
        "Visitors and operators can send files in the chat. Images lose their location and camera data, documents their author and other metadata, before they are stored encrypted.",
      enabled: "Allow files in the chat",
      enabledHint: "Off by default in privacy mode: a file is personal data a visitor may not mean to leave.",
      maxMegabytes: "Largest file (MB)",
      maxMegabytesHint: "From {{min}} to {{max}} MB.",
      maxMegabytesRange: "Enter a whole number of megabytes from {{min}} to {{max}}.",
      types: "Kinds of file",
      typesHint: "What a file is, is decided by its bytes, not by its name.",
      noTypes: "Choose at least one kind of file, or switch files off.",
      kinds: {
        image: "Images (JPEG, PNG, WebP, GIF)",
        pdf: "PDF documents",
        text: "Text files (TXT, CSV, Markdown)",
        office: "Office documents (Word, Excel, PowerPoint, OpenDocument)",
      },
    },
    fileCount_one: "{{count, number}} file",
    fileCount_other: "{{count, number}} files",
    exportFiles: "Include files (ZIP)",
    exportFilesHint: "A ZIP of the export and every file sent in the conversations.",
  },
};
