import { useTranslation } from "../../hooks/use-translation";
import type { RecordOfProcessing } from "../../types";

type Measure = RecordOfProcessing["measures"][number];
type Recipient = RecordOfProcessing["recipients"][number];
type Widget = RecordOfProcessing["widgets"][number];

/** Where a value comes from, as the server names it (a setting path, env.X, built-in). */
function Source({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <span class="compliance__source">
      {t("compliance.record.source")}: <code>{path}</code>
    </span>
  );
}

function WidgetRow({ widget }: { widget: Widget }) {
  const { t } = useTranslation();
  const { retention } = widget;
  return (
    <tr data-widget-id={widget.id}>
      <th scope="row">{widget.name}</th>
      <td>{widget.department}</td>
      <td>
        {widget.privacyMode.value ? t("compliance.record.on") : t("compliance.record.off")} <Source path={widget.privacyMode.source} />
      </td>
      <td>
        <ul class="compliance__list">
          {widget.data.map((item) => (
            <li key={item.category} data-category={item.category}>
              {t(`compliance.record.categoryNames.${item.category}`)}
              {item.requirement && ` (${t(`compliance.record.${item.requirement}`)})`}
              {item.types && `: ${item.types.join(", ")}, ≤ ${item.maxMegabytes} MB`} <Source path={item.source} />
            </li>
          ))}
        </ul>
      </td>
      <td>
        {retention.mode === "months" ? t("compliance.record.months", { count: retention.months }) : t("compliance.record.untilDeleted")}{" "}
        <Source path={retention.source} />
      </td>
    </tr>
  );
}

function RecipientItem({ recipient, widgetNames }: { recipient: Recipient; widgetNames: Map<string, string> }) {
  const { t } = useTranslation();
  if (recipient.kind === "operators") {
    return (
      <li>
        {t("compliance.record.operators", {
          role: recipient.role,
          count: recipient.operators,
          reads: recipient.reads.map((read) => t(`compliance.record.readNames.${read}`)).join(", "),
          departments: recipient.departments?.join(", ") ?? t("compliance.record.allDepartments"),
        })}{" "}
        <Source path={recipient.source} />
      </li>
    );
  }
  if (recipient.kind === "webhook") {
    return (
      <li data-recipient="webhook">
        {t("compliance.record.webhook", {
          host: recipient.host,
          events: recipient.events.join(", "),
          data: recipient.personalData ? t("compliance.record.webhookPersonalData") : t("compliance.record.webhookIdsOnly"),
        })}{" "}
        <Source path={recipient.source} />
      </li>
    );
  }
  return (
    <li>
      {t("compliance.record.identityLookup", { provider: recipient.provider })} (
      {recipient.widgets.map((id) => widgetNames.get(id) ?? id).join(", ")}) <Source path={recipient.source} />
    </li>
  );
}

function MeasureItem({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  if (measure.key !== "key_rotation") {
    return (
      <li data-measure={measure.key}>
        {t(`compliance.record.measureNames.${measure.key}`)} <Source path={measure.source} />
      </li>
    );
  }
  const parts = [
    t("compliance.record.keyRing", { id: measure.activeKeyId, count: measure.keysInRing }),
    measure.ageDays === null ? t("compliance.record.keyAgeUnknown") : t("compliance.record.keyAge", { count: measure.ageDays }),
  ];
  if (measure.dataKeysOnOlderKeys > 0) parts.push(t("compliance.record.keysPending", { count: measure.dataKeysOnOlderKeys }));
  return (
    <li data-measure={measure.key}>
      {parts.join("; ")} <Source path={measure.source} />
    </li>
  );
}

/** The record's sections, each value with its source; the printable page says the same at length. */
export function RecordView({ record }: { record: RecordOfProcessing }) {
  const { t } = useTranslation();
  const widgetNames = new Map(record.widgets.map((widget) => [widget.id, widget.name]));
  return (
    <div class="compliance__sections">
      <h4 class="compliance__heading">{t("compliance.record.purposes")}</h4>
      <ul class="compliance__list">
        {record.purposes.map((p) => (
          <li key={p.purpose}>
            {t(`compliance.record.purposeNames.${p.purpose}`)} <Source path={p.source} />
          </li>
        ))}
      </ul>
      <h4 class="compliance__heading">{t("compliance.record.subjects")}</h4>
      <ul class="compliance__list">
        {record.dataSubjects.map((s) => (
          <li key={s.subject}>
            {t(`compliance.record.subjectNames.${s.subject}`)} <Source path={s.source} />
          </li>
        ))}
      </ul>
      <h4 class="compliance__heading">{t("compliance.record.widgets")}</h4>
      {record.widgets.length === 0 ? (
        <p>{t("compliance.record.noWidgets")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls; focus is how a keyboard scrolls it
        <section class="table-scroll" aria-label={t("compliance.record.widgetCaption")} tabIndex={0}>
          <table class="table">
            <caption class="visually-hidden">{t("compliance.record.widgetCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("compliance.record.widget")}</th>
                <th scope="col">{t("compliance.record.department")}</th>
                <th scope="col">{t("compliance.record.privacyMode")}</th>
                <th scope="col">{t("compliance.record.data")}</th>
                <th scope="col">{t("compliance.record.retention")}</th>
              </tr>
            </thead>
            <tbody>
              {record.widgets.map((widget) => (
                <WidgetRow key={widget.id} widget={widget} />
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h4 class="compliance__heading">{t("compliance.record.recipients")}</h4>
      <ul class="compliance__list">
        {record.recipients.map((recipient, index) => (
          <RecipientItem
            key={
              recipient.kind === "operators"
                ? `role:${recipient.role}`
                : recipient.kind === "webhook"
                  ? `webhook:${index}`
                  : `lookup:${recipient.provider}`
            }
            recipient={recipient}
            widgetNames={widgetNames}
          />
        ))}
      </ul>
      <h4 class="compliance__heading">{t("compliance.record.processors")}</h4>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls; focus is how a keyboard scrolls it */}
      <section class="table-scroll" aria-label={t("compliance.record.processorCaption")} tabIndex={0}>
        <table class="table">
          <caption class="visually-hidden">{t("compliance.record.processorCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("compliance.record.provider")}</th>
              <th scope="col">{t("compliance.record.service")}</th>
              <th scope="col">{t("compliance.record.location")}</th>
            </tr>
          </thead>
          <tbody>
            {record.processors.map((p) => (
              <tr key={p.service} data-processor={p.service}>
                <td>{p.provider}</td>
                <th scope="row">{t(`compliance.record.serviceNames.${p.service}`)}</th>
                <td>
                  {t(`compliance.record.locationNames.${p.location}`)} <Source path={p.source} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h4 class="compliance__heading">{t("compliance.record.transfers")}</h4>
      <ul class="compliance__list">
        {record.transfers.map((x) => (
          <li key={x.transfer}>
            {t(`compliance.record.transferNames.${x.transfer}`)} <Source path={x.source} />
          </li>
        ))}
      </ul>
      <h4 class="compliance__heading">{t("compliance.record.measures")}</h4>
      <ul class="compliance__list">
        {record.measures.map((m) => (
          <MeasureItem key={m.key} measure={m} />
        ))}
      </ul>
    </div>
  );
}
