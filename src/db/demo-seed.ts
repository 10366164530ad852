import { type CreatedAccount, createAccount, createWidget } from "./accounts";
import type { Db } from "./client";
import { replaceRouterRules } from "./router";

export interface DemoSeed {
  admin: { email: string; passwordHash: string };
  /** Where the demo page is served, e.g. http://127.0.0.1:8787; the first one hosts the privacy page. */
  origins: string[];
  now: number;
  /** "demo" and "demo-eu" unless a test needs others (site keys are unique). */
  siteKeys?: { standard: string; privacy: string };
}

/**
 * The demo account that `npm start` creates on an empty database: a standard widget, a
 * privacy-mode widget for visitors from the EU, and an admin. Its privacy links point at the
 * local demo page, which is http on a loopback host: the settings schema allows exactly that.
 */
export async function seedDemo(db: Db, seed: DemoSeed): Promise<CreatedAccount & { privacyWidgetId: string }> {
  const keys = seed.siteKeys ?? { standard: "demo", privacy: "demo-eu" };
  const privacyPolicyUrl = `${seed.origins[0]}/demo/privacy`;
  const demo = await createAccount(db, {
    name: "Demo company",
    admin: { email: seed.admin.email, displayName: "Demo Admin", passwordHash: seed.admin.passwordHash },
    // The standard widget: live preview on, visit details kept (encrypted).
    widget: { siteKey: keys.standard, name: "Demo support", allowedOrigins: seed.origins, privacyMode: false, privacyPolicyUrl },
    now: seed.now,
  });
  // Visitors from the EU get the privacy-mode widget instead, through the router.
  const privacyWidgetId = await createWidget(db, {
    accountId: demo.accountId,
    departmentId: demo.departmentId,
    siteKey: keys.privacy,
    name: "Demo support (EU)",
    allowedOrigins: seed.origins,
    privacyMode: true,
    privacyPolicyUrl,
    now: seed.now,
  });
  await replaceRouterRules(
    db,
    demo.accountId,
    [{ name: "Visitors from the EU", conditions: { euMember: true }, widgetId: privacyWidgetId }],
    seed.now,
  );
  return { ...demo, privacyWidgetId };
}
