import type { Principal } from "../db/auth";
import type { Me } from "../shared/api";

/** What `GET /me` and a sign-in answer: the operator, the account and the role; never a credential. */
export const toMe = (p: Principal): Me => ({
  operator: {
    id: p.operator.id,
    email: p.operator.email,
    displayName: p.operator.displayName,
    aliasName: p.operator.aliasName,
    chatSlots: p.operator.chatSlots,
  },
  account: p.account,
  role: p.role,
});
