import type { Db } from "../db/client";
import { type ConversationRow, pageViewsOf } from "../db/conversations";
import type { VisitorDetails } from "../shared/api";
import type { ConversationField } from "../shared/cipher-fields";
import { openConversationVault } from "./vault";

/** Page views kept per visit at most; older visits rarely need more, and it bounds the data. */
export const MAX_PAGE_VIEWS = 50;

/** What was kept about the visit, decrypted for an operator; empty in privacy mode. */
export async function visitorDetails(env: Env, db: Db, row: ConversationRow): Promise<VisitorDetails> {
  const details: VisitorDetails = { privacyMode: row.privacyMode, ip: null, userAgent: null, referrer: null, country: null, pageViews: [] };
  if (row.privacyMode) return details;
  const cipher = await openConversationVault(env, db, row.accountId, row.id);
  if (!cipher) return details;
  const open = (field: ConversationField, value: string | null) => (value ? cipher.decrypt(field, value) : Promise.resolve(null));
  details.ip = await open("visitor.ip", row.visitorIpEnc);
  details.userAgent = await open("visitor.user_agent", row.visitorUserAgentEnc);
  details.referrer = await open("visitor.referrer", row.visitorReferrerEnc);
  details.country = await open("visitor.country", row.visitorCountryEnc);
  details.pageViews = await Promise.all(
    (await pageViewsOf(db, row.accountId, row.id, MAX_PAGE_VIEWS)).map(async (v) => ({
      url: await cipher.decrypt("visitor.page_view", v.urlEnc),
      viewedAt: v.viewedAt,
    })),
  );
  return details;
}
