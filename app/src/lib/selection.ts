import type { Selection } from "../api";
import type { ConversationFilter, CsvSeparator, ExportFormat, ExportRequest } from "../types";
import { isEmptyFilter } from "./transcript-filter";

/** The API's limit on listed ids; beyond it, "select all matching" sends the filter instead. */
export const MAX_SELECTED_IDS = 1000;

/** Checked rows, or everything the applied filter matches. */
export type RowSelection = { kind: "ids"; ids: ReadonlySet<string> } | { kind: "matching" };

export const noSelection: RowSelection = { kind: "ids", ids: new Set() };

/** The request body's selection: ids, or the filter (with `all: true` when it is empty). */
export function toSelection(selection: RowSelection, filter: ConversationFilter): Selection {
  if (selection.kind === "ids") return { conversationIds: [...selection.ids] };
  return isEmptyFilter(filter) ? { filter, all: true } : { filter };
}

/** How many rows are selected, if known: all matching is the dry-run count. */
export function selectedCount(selection: RowSelection, matchCount: number | null): number | null {
  return selection.kind === "ids" ? selection.ids.size : matchCount;
}

/** The export body for a selection: the same ids or filter (exports need no `all`); the separator for CSV only. */
export function toExportRequest(format: ExportFormat, selection: Selection, separator: CsvSeparator, files = false): ExportRequest {
  const what = selection.conversationIds ? { conversationIds: selection.conversationIds } : { filter: selection.filter ?? {} };
  // With files, a ZIP of the export and every file sent in the conversations.
  const withFiles = files ? { files: true } : {};
  return format === "csv" ? { format, separator, ...what, ...withFiles } : { format, ...what, ...withFiles };
}

/**
 * The CSV separator to offer first: spreadsheets set to German, Italian, French or Spanish split
 * on ";", English ones on ",". The operator can change it; this is only a guess from the app's language.
 */
export const defaultCsvSeparator = (language: string): CsvSeparator => (/^(de|it|fr|es)\b/.test(language) ? ";" : ",");
