import type { DataItem, Measure, Recipient, RecordOfProcessing, WidgetRecord } from "./record-of-processing";
import { type RecordLanguage, type RecordTexts, recordTexts } from "./record-texts";

// The record of processing as a printable page: server-rendered, no script, one stylesheet sized for
// A4. Every value from the configuration (account, widget, department and role names are whatever
// admins typed) is escaped; the texts are ours.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (value: string | number): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Fills `{name}` placeholders with escaped values; the template itself is ours. */
function fill(template: string, values: Record<string, string | number>): string {
  return esc(template).replace(/\{(\w+)\}/g, (_, name: string) => esc(values[name] ?? ""));
}

/** The page's stylesheet; its hash goes into the Content-Security-Policy, so no other style can apply. */
export const RECORD_CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
:root { color: #1b1f24; font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0 auto; max-width: 178mm; padding: 12mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 0.4mm solid #1b1f24; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }
p, ul { margin: 1mm 0 2mm; }
ul { padding-left: 5mm; }
li { margin: 0.5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
th, td { border: 0.2mm solid #8a939e; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
tr, li, section.widget { break-inside: avoid; }
.source { color: #4a525c; font-size: 8.5pt; font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; }
.meta { color: #4a525c; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
`;

const source = (t: RecordTexts, path: string) => `<span class="source">${esc(t.source)}: ${esc(path)}</span>`;

function dataItem(t: RecordTexts, d: DataItem): string {
  let text = esc(t.categories[d.category]);
  if (d.requirement) text += ` (${esc(d.requirement === "required" ? t.required : t.optional)})`;
  if (d.types) text += `; ${fill(t.fileTypes, { types: d.types.join(", "), size: d.maxMegabytes ?? "" })}`;
  return `<li>${text} ${source(t, d.source)}</li>`;
}

function widgetSection(t: RecordTexts, w: WidgetRecord): string {
  const retention = w.retention.mode === "months" ? fill(t.months, { n: w.retention.months }) : esc(t.untilDeleted);
  return `<section class="widget">
<h3>${esc(t.widget.name)}: ${esc(w.name)}</h3>
<table>
<tr><th scope="row">${esc(t.widget.department)}</th><td>${esc(w.department)}</td></tr>
<tr><th scope="row">${esc(t.widget.privacyMode)}</th><td>${esc(w.privacyMode.value ? t.on : t.off)} ${source(t, w.privacyMode.source)}</td></tr>
<tr><th scope="row">${esc(t.widget.data)}</th><td><ul>${w.data.map((d) => dataItem(t, d)).join("")}</ul></td></tr>
<tr><th scope="row">${esc(t.widget.retention)}</th><td>${retention} ${source(t, w.retention.source)}</td></tr>
</table>
</section>`;
}

function recipient(t: RecordTexts, r: Recipient, widgetNames: Map<string, string>): string {
  if (r.kind === "operators") {
    const text = fill(t.operators, {
      role: r.role,
      n: r.operators,
      reads: r.reads.map((read) => t.reads[read]).join(", "),
      departments: r.departments === null ? t.allDepartments : r.departments.join(", "),
    });
    return `<li>${text} ${source(t, r.source)}</li>`;
  }
  if (r.kind === "webhook") {
    const text = fill(t.webhook, {
      host: r.host,
      events: r.events.join(", "),
      data: r.personalData ? t.webhookPersonalData : t.webhookIdsOnly,
    });
    return `<li>${text} ${source(t, r.source)}</li>`;
  }
  const text = fill(t.identityLookup, { provider: r.provider, widgets: r.widgets.map((id) => widgetNames.get(id) ?? id).join(", ") });
  return `<li>${text} ${source(t, r.source)}</li>`;
}

function measure(t: RecordTexts, m: Measure): string {
  if (m.key !== "key_rotation") return `<li>${esc(t.measures[m.key])} ${source(t, m.source)}</li>`;
  const parts = [
    fill(t.measures.key_rotation, { id: m.activeKeyId, count: m.keysInRing }),
    m.activeSince ? fill(t.keyAge, { since: m.activeSince, days: m.ageDays ?? 0 }) : esc(t.keyAgeUnknown),
  ];
  if (m.dataKeysOnOlderKeys > 0) parts.push(fill(t.keysPending, { n: m.dataKeysOnOlderKeys }));
  return `<li>${parts.join("; ")} ${source(t, m.source)}</li>`;
}

/** The whole page, in `language`. */
export function renderRecordHtml(record: RecordOfProcessing, language: RecordLanguage): string {
  const t = recordTexts[language];
  const widgetNames = new Map(record.widgets.map((w) => [w.id, w.name]));
  const generated = record.generatedAt.slice(0, 16).replace("T", " ");
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(t.title)} · ${esc(record.controller.account)}</title>
<style>${RECORD_CSS}</style>
</head>
<body>
<main>
<h1>${esc(t.title)}</h1>
<p>${esc(t.intro)}</p>
<p class="meta">${fill(t.generated, { time: generated })}</p>
<h2>${esc(t.headings.controller)}</h2>
<p>${esc(t.account)}: ${esc(record.controller.account)} ${source(t, record.controller.source)}</p>
<h2>${esc(t.headings.purposes)}</h2>
<ul>${record.purposes.map((p) => `<li>${esc(t.purposes[p.purpose])} ${source(t, p.source)}</li>`).join("")}</ul>
<h2>${esc(t.headings.subjects)}</h2>
<ul>${record.dataSubjects.map((s) => `<li>${esc(t.subjects[s.subject])} ${source(t, s.source)}</li>`).join("")}</ul>
<h2>${esc(t.headings.widgets)}</h2>
${record.widgets.length === 0 ? `<p>${esc(t.noWidgets)}</p>` : record.widgets.map((w) => widgetSection(t, w)).join("\n")}
<h2>${esc(t.headings.recipients)}</h2>
<ul>${record.recipients.map((r) => recipient(t, r, widgetNames)).join("")}</ul>
<h2>${esc(t.headings.processors)}</h2>
<table>
<thead><tr><th scope="col">${esc(t.processor.provider)}</th><th scope="col">${esc(t.processor.service)}</th><th scope="col">${esc(t.processor.location)}</th></tr></thead>
<tbody>${record.processors
    .map(
      (p) =>
        `<tr><td>${esc(p.provider)}</td><td>${esc(t.services[p.service])}</td><td>${esc(t.locations[p.location])} ${source(t, p.source)}</td></tr>`,
    )
    .join("")}</tbody>
</table>
<h2>${esc(t.headings.transfers)}</h2>
<ul>${record.transfers.map((x) => `<li>${esc(t.transfers[x.transfer])} ${source(t, x.source)}</li>`).join("")}</ul>
<h2>${esc(t.headings.measures)}</h2>
<ul>${record.measures.map((m) => measure(t, m)).join("")}</ul>
</main>
</body>
</html>
`;
}
