import type { Widget } from "../db/widgets";
import { ATTACHMENT_CATEGORIES, type AttachmentCategory, type AttachmentSettings } from "../shared/attachments";

// A widget's attachment settings from its columns. Until an admin decides, files follow privacy
// mode: off in privacy mode (a file is personal data the visitor may not mean to leave), on outside it.

type AttachmentColumns = Pick<Widget, "privacyMode" | "attachmentsEnabled" | "attachmentMaxMegabytes" | "attachmentTypes">;

export function attachmentSettingsOf(widget: AttachmentColumns): AttachmentSettings {
  const stored = JSON.parse(widget.attachmentTypes) as string[];
  return {
    enabled: widget.attachmentsEnabled ?? !widget.privacyMode,
    maxMegabytes: widget.attachmentMaxMegabytes,
    types: ATTACHMENT_CATEGORIES.filter((category): category is AttachmentCategory => stored.includes(category)),
  };
}
