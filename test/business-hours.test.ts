import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { businessHoursState } from "../src/availability/business-hours";
import { type BusinessHours, businessHoursSchema } from "../src/shared/business-hours";
import { accountsD1, BASE, login, patchWidget, SITE_ORIGIN, seedAccount } from "./helpers";

const nineToFive = [{ from: "09:00", to: "17:00" }];
/** Monday to Friday 09:00–17:00 in Berlin, weekends closed, plus `overrides`. */
const berlin = (overrides: Partial<BusinessHours> = {}): BusinessHours =>
  businessHoursSchema.parse({
    timeZone: "Europe/Berlin",
    weekly: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, [], []],
    exceptions: [],
    ...overrides,
  });
const at = (iso: string) => Date.parse(iso);

describe("business hours", () => {
  it("switches exactly at the boundary: closed a millisecond before 09:00, open at 09:00, closed at 17:00", () => {
    const hours = berlin();
    // Monday 7 December 2026: Berlin is UTC+1.
    expect(businessHoursState(hours, at("2026-12-07T07:59:59.999Z"))).toEqual({ open: false, changesAt: at("2026-12-07T08:00:00Z") });
    expect(businessHoursState(hours, at("2026-12-07T08:00:00Z"))).toEqual({ open: true, changesAt: at("2026-12-07T16:00:00Z") });
    expect(businessHoursState(hours, at("2026-12-07T15:59:59.999Z"))).toEqual({ open: true, changesAt: at("2026-12-07T16:00:00Z") });
    expect(businessHoursState(hours, at("2026-12-07T16:00:00Z"))).toEqual({ open: false, changesAt: at("2026-12-08T08:00:00Z") });
  });

  it("keeps the wall clock across daylight saving: 09:00 is 07:00 UTC in summer, and the change-over Sunday counts", () => {
    expect(businessHoursState(berlin(), at("2026-07-06T07:00:00Z"))).toEqual({ open: true, changesAt: at("2026-07-06T15:00:00Z") });
    // Clocks go forward on Sunday 29 March 2026; a Sunday opening at 10:00 is then 08:00 UTC, not 09:00.
    const sundays = berlin({ weekly: [...berlin().weekly.slice(0, 6), [{ from: "10:00", to: "12:00" }]] });
    expect(businessHoursState(sundays, at("2026-03-28T12:00:00Z"))).toEqual({ open: false, changesAt: at("2026-03-29T08:00:00Z") });
  });

  it("passes the weekend and an exception day closed, and opens on an exception's own hours", () => {
    const hours = berlin({
      exceptions: [
        { date: "2026-12-24", openings: [] },
        { date: "2026-12-27", openings: [{ from: "11:00", to: "13:00" }] },
      ],
    });
    // Wednesday 23 December at 17:00: Thursday is closed, Friday opens.
    expect(businessHoursState(hours, at("2026-12-23T16:00:00Z"))).toEqual({ open: false, changesAt: at("2026-12-25T08:00:00Z") });
    expect(businessHoursState(hours, at("2026-12-24T10:00:00Z")).open).toBe(false);
    // Friday 25 at 17:00: Saturday closed, Sunday 27 opens at 11:00 by its exception.
    expect(businessHoursState(hours, at("2026-12-25T16:00:00Z"))).toEqual({ open: false, changesAt: at("2026-12-27T10:00:00Z") });
  });

  it("does not flip between adjacent openings or across midnight, and says so when nothing changes within a year", () => {
    const allDay = [{ from: "00:00", to: "24:00" }];
    const always = berlin({ weekly: Array(7).fill(allDay) });
    expect(businessHoursState(always, at("2026-12-07T12:00:00Z"))).toEqual({ open: true, changesAt: null });
    const split = berlin({
      weekly: Array(7).fill([
        { from: "09:00", to: "12:00" },
        { from: "12:00", to: "17:00" },
      ]),
    });
    expect(businessHoursState(split, at("2026-12-07T09:00:00Z"))).toEqual({ open: true, changesAt: at("2026-12-07T16:00:00Z") });
    const never = berlin({ weekly: Array(7).fill([]) });
    expect(businessHoursState(never, at("2026-12-07T12:00:00Z"))).toEqual({ open: false, changesAt: null });
  });

  it("refuses a schedule that cannot be meant", () => {
    const valid = { timeZone: "Europe/Berlin", weekly: Array(7).fill(nineToFive), exceptions: [] };
    expect(businessHoursSchema.safeParse(valid).success).toBe(true);
    for (const bad of [
      { ...valid, timeZone: "Europe/Atlantis" },
      { ...valid, weekly: Array(6).fill(nineToFive) },
      { ...valid, weekly: Array(7).fill([{ from: "17:00", to: "09:00" }]) },
      { ...valid, weekly: Array(7).fill([{ from: "09:00", to: "25:00" }]) },
      {
        ...valid,
        weekly: Array(7).fill([
          { from: "09:00", to: "13:00" },
          { from: "12:00", to: "17:00" },
        ]),
      },
      {
        ...valid,
        exceptions: [
          { date: "2026-12-24", openings: [] },
          { date: "2026-12-24", openings: nineToFive },
        ],
      },
      { ...valid, exceptions: [{ date: "24.12.2026", openings: [] }] },
      { ...valid, exceptions: [{ date: "2026-02-30", openings: [] }] },
      { ...valid, extra: true },
    ]) {
      expect(businessHoursSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 120)).toBe(false);
    }
  });
});

const widgetConfig = async (siteKey: string) =>
  (await (await SELF.fetch(`${BASE}/w/${siteKey}/config`, { headers: { Origin: SITE_ORIGIN } })).json()) as {
    hours: { open: boolean; changesAt: number | null } | null;
  };

describe("a widget's business hours", () => {
  it("are set, shown and removed through the settings API, audited, and tell the widget whether it is open", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect((await widgetConfig(account.siteKey)).hours).toBeNull();

    const closedAllWeek = { timeZone: "Europe/Lisbon", weekly: Array(7).fill([]), exceptions: [] };
    const res = await patchWidget(cookie, account.widgetId, { businessHours: closedAllWeek });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { businessHours: unknown }).businessHours).toEqual(closedAllWeek);
    expect((await widgetConfig(account.siteKey)).hours).toEqual({ open: false, changesAt: null });

    const openAllWeek = { ...closedAllWeek, weekly: Array(7).fill([{ from: "00:00", to: "24:00" }]) };
    expect((await patchWidget(cookie, account.widgetId, { businessHours: openAllWeek })).status).toBe(200);
    expect((await widgetConfig(account.siteKey)).hours).toEqual({ open: true, changesAt: null });

    expect((await patchWidget(cookie, account.widgetId, { businessHours: null })).status).toBe(200);
    expect((await widgetConfig(account.siteKey)).hours).toBeNull();

    const audited = await accountsD1
      .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE account_id = ? AND action = 'widget.updated' AND target_id = ?")
      .bind(account.accountId, account.widgetId)
      .first<{ n: number }>();
    expect(audited?.n).toBe(3);
  });

  it("refuses a schedule that cannot be meant with a 400 naming the field, and keeps the hours in force", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const hours = { timeZone: "Europe/Berlin", weekly: Array(7).fill(nineToFive), exceptions: [] };
    expect((await patchWidget(cookie, account.widgetId, { businessHours: hours })).status).toBe(200);
    const res = await patchWidget(cookie, account.widgetId, { businessHours: { ...hours, timeZone: "Mars/Olympus" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("businessHours") } });
    const stored = await accountsD1
      .prepare("SELECT business_hours FROM widgets WHERE id = ?")
      .bind(account.widgetId)
      .first<{ business_hours: string }>();
    expect(JSON.parse(stored!.business_hours)).toEqual(hours);
  });
});
