import { ATTACHMENT_MAX_MEGABYTES, type AttachmentCategory } from "../../../../src/shared/attachments";
import { type IntegerRange, inRange, OFFER_MESSAGE_AFTER_MINUTES, UNANSWERED_ALERT_MINUTES } from "../../../../src/shared/chat-settings";
import { isSafeLinkUrl } from "../../../../src/shared/links";
import type { UpdateWidget, WidgetRetention, WidgetSettings } from "../../types";
import { type HoursDraft, type HoursProblem, hoursOf, hoursProblems, sameHours, toHoursDraft } from "./business-hours-draft";

// A widget's settings as the form edits them (strings where the admin types), and the PATCH that
// turns a draft back into only what changed. The checks mirror updateWidgetSchema in
// src/shared/admin-api.ts so most mistakes are caught before the request; the server still decides.

export type PreChatField = WidgetSettings["preChat"]["name"];
export type RetentionMode = WidgetRetention["mode"];

/** One text in one language (a disclaimer or a link text). */
export interface LanguageText {
  language: string;
  text: string;
}

/** A number of minutes that can be switched off (null on the server), as typed. */
export interface OptionalMinutes {
  on: boolean;
  /** Digits as typed; used only when `on`. */
  minutes: string;
}

/** One allowed origin as typed; `key` keeps rows stable while others are added and removed. */
export interface OriginRow {
  key: number;
  value: string;
}

export interface WidgetDraft {
  name: string;
  departmentId: string;
  privacyMode: boolean;
  livePreview: boolean;
  identityLookup: boolean;
  identityVerification: boolean;
  disclaimerEnabled: boolean;
  disclaimerTexts: LanguageText[];
  policyUrl: string;
  policyLabels: LanguageText[];
  preChatName: PreChatField;
  preChatEmail: PreChatField;
  origins: OriginRow[];
  greeting: string;
  /** The greeting and the title per language; `greeting` and `name` in the others. */
  greetings: LanguageText[];
  titles: LanguageText[];
  accentColor: string;
  position: WidgetSettings["position"];
  operatorNames: WidgetSettings["operatorNames"];
  retentionMode: RetentionMode;
  /** Digits as typed; used only when `retentionMode` is "months". */
  retentionMonths: string;
  /** The admin ticked "keep chats until deleted" after reading the warning. */
  confirmForever: boolean;
  hours: HoursDraft;
  outsideHours: WidgetSettings["outsideHours"];
  offerMessage: OptionalMinutes;
  routing: WidgetSettings["routing"];
  unansweredAlert: OptionalMinutes;
  /** Files in the chat: on or off, the largest (digits as typed, MB), the kinds allowed. */
  attachmentsEnabled: boolean;
  attachmentMaxMegabytes: string;
  attachmentTypes: AttachmentCategory[];
}

/** The server's limits (src/shared/admin-api.ts). */
export const LIMITS = {
  name: 100,
  greeting: 500,
  title: 100,
  disclaimer: 3000,
  policyLabel: 100,
  policyUrl: 2000,
  origin: 300,
  origins: 50,
  minMonths: 1,
  maxMonths: 36,
} as const;

let nextRowKey = 1;

/** A fresh origin row with a key no other row has. */
export function originRow(value = ""): OriginRow {
  nextRowKey += 1;
  return { key: nextRowKey, value };
}

/** A setting of minutes as the form shows it; switched off, it offers the usual value to switch on. */
const optionalMinutes = (value: number | null, range: IntegerRange): OptionalMinutes => ({
  on: value !== null,
  minutes: String(value ?? range.initial),
});

/** The minutes typed when switched on and within the range, null when switched off, undefined while invalid. */
export function minutesOf(setting: OptionalMinutes, range: IntegerRange): number | null | undefined {
  if (!setting.on) return null;
  const text = setting.minutes.trim();
  return /^\d{1,3}$/.test(text) && inRange(range, Number(text)) ? Number(text) : undefined;
}

const textsOf = (record: Record<string, string>): LanguageText[] => Object.entries(record).map(([language, text]) => ({ language, text }));

/** The form's starting point for a widget as the server sent it. */
export function toDraft(widget: WidgetSettings): WidgetDraft {
  return {
    name: widget.name,
    departmentId: widget.departmentId,
    privacyMode: widget.privacyMode,
    livePreview: widget.livePreview,
    identityLookup: widget.identityLookup,
    identityVerification: widget.identityVerification,
    disclaimerEnabled: widget.disclaimer.enabled,
    disclaimerTexts: textsOf(widget.disclaimer.texts),
    policyUrl: widget.privacyPolicy?.url ?? "",
    policyLabels: textsOf(widget.privacyPolicy?.labels ?? {}),
    preChatName: widget.preChat.name,
    preChatEmail: widget.preChat.email,
    origins: widget.allowedOrigins.map((origin) => originRow(origin)),
    greeting: widget.greeting ?? "",
    greetings: textsOf(widget.greetings),
    titles: textsOf(widget.titles),
    accentColor: widget.accentColor,
    position: widget.position,
    operatorNames: widget.operatorNames,
    retentionMode: widget.retention.mode,
    retentionMonths: widget.retention.mode === "months" ? String(widget.retention.months) : "",
    confirmForever: false,
    hours: toHoursDraft(widget.businessHours),
    outsideHours: widget.outsideHours,
    offerMessage: optionalMinutes(widget.offerMessageAfterMinutes, OFFER_MESSAGE_AFTER_MINUTES),
    routing: widget.routing,
    unansweredAlert: optionalMinutes(widget.unansweredAlertMinutes, UNANSWERED_ALERT_MINUTES),
    attachmentsEnabled: widget.attachments.enabled,
    attachmentMaxMegabytes: String(widget.attachments.maxMegabytes),
    attachmentTypes: [...widget.attachments.types],
  };
}

/** What the form can find wrong before asking the server. */
export type Problem =
  | { field: "name"; code: "required" }
  | { field: "origin"; code: "invalidOrigin"; key: number; suggestion: string | null }
  | { field: "origin"; code: "duplicateOrigin"; key: number }
  | { field: "origins"; code: "tooManyOrigins" }
  | { field: "policyUrl"; code: "invalidUrl" }
  | { field: "policyUrl"; code: "labelsWithoutUrl" }
  | { field: "retentionMonths"; code: "monthsRange" }
  | { field: "confirmForever"; code: "foreverUnconfirmed" }
  | { field: "accentColor"; code: "invalidColour" }
  | HoursProblem
  | { field: "offerMessage"; code: "offerMinutesRange" }
  | { field: "unansweredAlert"; code: "alertMinutesRange" }
  | { field: "attachmentMaxMegabytes"; code: "megabytesRange" }
  | { field: "attachmentTypes"; code: "noTypes" };

/** Null for an origin the server accepts; else the origin it probably meant, when there is one. */
export function checkOrigin(value: string): { suggestion: string | null } | null {
  try {
    const url = new URL(value);
    const web = url.protocol === "https:" || url.protocol === "http:";
    if (web && url.origin === value && value.length <= LIMITS.origin) return null;
    // "https://www.example.com/" or ".../contact" mean the origin; anything else has no good guess.
    return { suggestion: web && url.origin !== "null" ? url.origin : null };
  } catch {
    return { suggestion: null };
  }
}

/** As the server: https, or http on localhost / 127.0.0.1 (the local demo's own page). */
const isHttpsUrl = (value: string): boolean => isSafeLinkUrl(value) && value.length <= LIMITS.policyUrl;

export const isHexColour = (value: string): boolean => /^#[0-9a-fA-F]{6}$/.test(value);

/** The months typed, or null when they are not a whole number from 1 to 36. */
export function parseMonths(text: string): number | null {
  if (!/^\d{1,2}$/.test(text.trim())) return null;
  const months = Number(text.trim());
  return months >= LIMITS.minMonths && months <= LIMITS.maxMonths ? months : null;
}

/** The megabytes typed, or null when they are not a whole number within the server's range. */
export function parseMegabytes(text: string): number | null {
  if (!/^\d{1,2}$/.test(text.trim())) return null;
  const megabytes = Number(text.trim());
  return megabytes >= ATTACHMENT_MAX_MEGABYTES.min && megabytes <= ATTACHMENT_MAX_MEGABYTES.max ? megabytes : null;
}

/** Non-empty texts by language: an empty text means the built-in one, so it is left out. */
export function textRecord(texts: readonly LanguageText[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { language, text } of texts) if (text.trim()) record[language] = text.trim();
  return record;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** The origins typed, trimmed, blank rows left out. */
export const typedOrigins = (draft: WidgetDraft): string[] => draft.origins.map((row) => row.value.trim()).filter(Boolean);

/** The retention the draft asks for, or null while its months are not valid. */
function draftRetention(draft: WidgetDraft): WidgetRetention | null {
  if (draft.retentionMode !== "months") return { mode: draft.retentionMode };
  const months = parseMonths(draft.retentionMonths);
  return months === null ? null : { mode: "months", months };
}

const sameRetention = (a: WidgetRetention, b: WidgetRetention) =>
  a.mode === b.mode && (a.mode !== "months" || (b.mode === "months" && a.months === b.months));

/**
 * True when saving the draft makes the widget keep chats until deleted where it did not: only
 * with the admin's explicit confirmation (the server refuses it otherwise, and audits it).
 */
export function becomesForever(base: WidgetSettings, draft: WidgetDraft, accountMonths: number | null | undefined): boolean {
  const next = draftRetention(draft);
  return next !== null && effectiveMonths(next, accountMonths) === null && effectiveMonths(base.retention, accountMonths) !== null;
}

/** Everything in the draft the server would refuse, in the order the form shows the fields. */
export function problemsOf(draft: WidgetDraft, base?: WidgetSettings, accountMonths?: number | null): Problem[] {
  const problems: Problem[] = [];
  if (!draft.name.trim()) problems.push({ field: "name", code: "required" });
  if (draftRetention(draft) === null) problems.push({ field: "retentionMonths", code: "monthsRange" });
  if (base && becomesForever(base, draft, accountMonths) && !draft.confirmForever)
    problems.push({ field: "confirmForever", code: "foreverUnconfirmed" });
  const url = draft.policyUrl.trim();
  if (url && !isHttpsUrl(url)) problems.push({ field: "policyUrl", code: "invalidUrl" });
  if (!url && Object.keys(textRecord(draft.policyLabels)).length > 0) problems.push({ field: "policyUrl", code: "labelsWithoutUrl" });
  const seen = new Set<string>();
  for (const row of draft.origins) {
    const value = row.value.trim();
    if (!value) continue;
    const wrong = checkOrigin(value);
    if (wrong) problems.push({ field: "origin", code: "invalidOrigin", key: row.key, suggestion: wrong.suggestion });
    else if (seen.has(value)) problems.push({ field: "origin", code: "duplicateOrigin", key: row.key });
    seen.add(value);
  }
  if (typedOrigins(draft).length > LIMITS.origins) problems.push({ field: "origins", code: "tooManyOrigins" });
  if (!isHexColour(draft.accentColor.trim())) problems.push({ field: "accentColor", code: "invalidColour" });
  problems.push(...hoursProblems(draft.hours));
  if (minutesOf(draft.offerMessage, OFFER_MESSAGE_AFTER_MINUTES) === undefined)
    problems.push({ field: "offerMessage", code: "offerMinutesRange" });
  if (minutesOf(draft.unansweredAlert, UNANSWERED_ALERT_MINUTES) === undefined)
    problems.push({ field: "unansweredAlert", code: "alertMinutesRange" });
  // The size and kinds matter only while files are on (the server keeps them either way).
  if (draft.attachmentsEnabled && parseMegabytes(draft.attachmentMaxMegabytes) === null)
    problems.push({ field: "attachmentMaxMegabytes", code: "megabytesRange" });
  if (draft.attachmentsEnabled && draft.attachmentTypes.length === 0) problems.push({ field: "attachmentTypes", code: "noTypes" });
  return problems;
}

/**
 * The PATCH body for what the draft changed against `base`: only those fields, each whole as the
 * server wants it (a changed disclaimer text sends the disclaimer with all its texts). Call it on a
 * draft without problems; invalid parts are left out rather than sent.
 */
export function changesOf(base: WidgetSettings, draft: WidgetDraft): UpdateWidget {
  const change: UpdateWidget = {};
  const name = draft.name.trim();
  if (name && name !== base.name) change.name = name;
  if (draft.departmentId !== base.departmentId) change.departmentId = draft.departmentId;
  if (draft.privacyMode !== base.privacyMode) change.privacyMode = draft.privacyMode;
  if (draft.livePreview !== base.livePreview) change.livePreview = draft.livePreview;
  if (draft.identityLookup !== base.identityLookup) change.identityLookup = draft.identityLookup;
  if (draft.identityVerification !== base.identityVerification) change.identityVerification = draft.identityVerification;

  const retention = draftRetention(draft);
  if (retention && !sameRetention(retention, base.retention)) change.retention = retention;
  if (change.retention && draft.confirmForever) change.confirmKeepForever = true;

  // Sent as one object: `enabled` is the consent switch, texts replace the built-in notice per language.
  const disclaimerTexts = textRecord(draft.disclaimerTexts);
  if (draft.disclaimerEnabled !== base.disclaimer.enabled || !sameRecord(disclaimerTexts, base.disclaimer.texts)) {
    change.disclaimer = { enabled: draft.disclaimerEnabled, texts: disclaimerTexts };
  }

  // The server replaces the link's labels with whatever comes along, so they always travel with the URL.
  const url = draft.policyUrl.trim();
  const labels = textRecord(draft.policyLabels);
  if (!url) {
    if (base.privacyPolicy !== null && Object.keys(labels).length === 0) change.privacyPolicy = null;
  } else if (isHttpsUrl(url) && (url !== base.privacyPolicy?.url || !sameRecord(labels, base.privacyPolicy.labels))) {
    change.privacyPolicy = { url, labels };
  }

  if (draft.preChatName !== base.preChat.name || draft.preChatEmail !== base.preChat.email) {
    change.preChat = { name: draft.preChatName, email: draft.preChatEmail };
  }
  const origins = typedOrigins(draft);
  if (!sameList(origins, base.allowedOrigins)) change.allowedOrigins = origins;

  const greeting = draft.greeting.trim() || null;
  if (greeting !== (base.greeting?.trim() || null)) change.greeting = greeting;
  const greetings = textRecord(draft.greetings);
  if (!sameRecord(greetings, base.greetings)) change.greetings = greetings;
  const titles = textRecord(draft.titles);
  if (!sameRecord(titles, base.titles)) change.titles = titles;
  const colour = draft.accentColor.trim();
  if (isHexColour(colour) && colour.toLowerCase() !== base.accentColor.toLowerCase()) change.accentColor = colour;
  if (draft.position !== base.position) change.position = draft.position;
  if (draft.operatorNames !== base.operatorNames) change.operatorNames = draft.operatorNames;

  if (!sameHours(draft.hours, base.businessHours)) change.businessHours = hoursOf(draft.hours);
  if (draft.outsideHours !== base.outsideHours) change.outsideHours = draft.outsideHours;
  if (draft.routing !== base.routing) change.routing = draft.routing;
  const offerAfter = minutesOf(draft.offerMessage, OFFER_MESSAGE_AFTER_MINUTES);
  if (offerAfter !== undefined && offerAfter !== base.offerMessageAfterMinutes) change.offerMessageAfterMinutes = offerAfter;
  const alertAfter = minutesOf(draft.unansweredAlert, UNANSWERED_ALERT_MINUTES);
  if (alertAfter !== undefined && alertAfter !== base.unansweredAlertMinutes) change.unansweredAlertMinutes = alertAfter;

  // Only the parts that changed; each given replaces the saved one.
  const attachments: NonNullable<UpdateWidget["attachments"]> = {};
  if (draft.attachmentsEnabled !== base.attachments.enabled) attachments.enabled = draft.attachmentsEnabled;
  const megabytes = parseMegabytes(draft.attachmentMaxMegabytes);
  if (megabytes !== null && megabytes !== base.attachments.maxMegabytes) attachments.maxMegabytes = megabytes;
  if (!sameList(draft.attachmentTypes, base.attachments.types)) attachments.types = draft.attachmentTypes;
  if (Object.keys(attachments).length > 0) change.attachments = attachments;
  return change;
}

// Row keys are left out: a fresh draft of the same widget has new ones. So are switched-off hours
// and minutes, whose hidden values mean nothing until switched on.
const snapshot = (draft: WidgetDraft): string =>
  JSON.stringify({
    ...draft,
    origins: draft.origins.map((row) => row.value),
    hours: hoursOf(draft.hours),
    offerMessage: draft.offerMessage.on ? draft.offerMessage.minutes : null,
    unansweredAlert: draft.unansweredAlert.on ? draft.unansweredAlert.minutes : null,
    attachmentMaxMegabytes: draft.attachmentMaxMegabytes.trim(),
  });

/** True when the admin typed anything that differs from the saved widget. */
export const isDirty = (base: WidgetSettings, draft: WidgetDraft): boolean => snapshot(draft) !== snapshot(toDraft(base));

/**
 * Months after which ended chats are erased: the widget's own, else the account's; null = kept.
 * Undefined when the widget follows the account and the account's setting is not known.
 */
export function effectiveMonths(retention: WidgetRetention | null, accountMonths: number | null | undefined): number | null | undefined {
  if (!retention) return undefined;
  if (retention.mode === "off") return null;
  if (retention.mode === "months") return retention.months;
  return accountMonths;
}

/** The draft's retention, for comparing its effect with the saved one. */
export const retentionOf = draftRetention;

/** True when `next` erases chats that `current` keeps: from "kept" to months, or fewer months. */
export function shortens(current: number | null | undefined, next: number | null | undefined): boolean {
  if (current === undefined || next === undefined || next === null) return false;
  return current === null || next < current;
}
