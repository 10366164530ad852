import { and, eq, gt, isNull } from "drizzle-orm";
import { type ApiTokenScope, apiTokenScopes, intersectPermissions, scopePermissions } from "../shared/api-tokens";
import { type Permissions, permissionsSchema } from "../shared/permissions";
import type { Db } from "./client";
import { directoryDb, locateAccount, locateRow } from "./databases";
import { accountDatabases, accounts, apiTokens, operators, roles, sessions } from "./schema";

/** Who is calling: an operator with its account and role, resolved from a session or an API token. */
export interface Principal {
  kind: "operator" | "api_token";
  /**
   * The session or API token the request came with, and when it ends for good (null: never).
   * Sessions also say when they end unless a person acts again (`idleExpiresAt`); sockets carry it.
   */
  credential: { id: string; expiresAt: number | null; idleExpiresAt?: number };
  operator: {
    id: string;
    email: string;
    displayName: string;
    aliasName: string | null;
    aliasAvatarUrl: string | null;
    /** The most open chats assigned to them at once. */
    chatSlots: number;
  };
  /** `awayAfterIdleMinutes`: the account's idle time before an operator shows as away. */
  account: { id: string; name: string; awayAfterIdleMinutes: number };
  /** For a token, the creator's role with `permissions` cut down to the token's scopes. */
  role: { id: string; name: string; permissions: Permissions; departmentIds: string[] | null };
  /** A token's scopes (so a refusal can say the scope, not the role, is missing); null for a session. */
  scopes: ApiTokenScope[] | null;
}

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export async function findOperatorByEmail(db: Db, email: string) {
  return db.query.operators.findFirst({ where: eq(operators.email, email) });
}

/** The operator, account and role a principal is built from: one row of operators joined to its account and role. */
const principalColumns = { operator: operators, account: accounts, role: roles };
type PrincipalRow = { operator: typeof operators.$inferSelect; account: typeof accounts.$inferSelect; role: typeof roles.$inferSelect };

async function principalFor(
  db: Db,
  operatorId: string,
  kind: Principal["kind"],
  credential: Principal["credential"],
): Promise<Principal | null> {
  const row = await db
    .select(principalColumns)
    .from(operators)
    .innerJoin(accounts, eq(accounts.id, operators.accountId))
    .innerJoin(roles, and(eq(roles.id, operators.roleId), eq(roles.accountId, operators.accountId)))
    .where(eq(operators.id, operatorId))
    .get();
  return row ? principalOf(row, kind, credential) : null;
}

/** The principal of a joined row; null for a disabled operator. */
function principalOf(row: PrincipalRow, kind: Principal["kind"], credential: Principal["credential"]): Principal | null {
  if (row.operator.disabled) return null;
  return {
    kind,
    credential,
    operator: {
      id: row.operator.id,
      email: row.operator.email,
      displayName: row.operator.displayName,
      aliasName: row.operator.aliasName,
      aliasAvatarUrl: row.operator.aliasAvatarUrl,
      chatSlots: row.operator.chatSlots,
    },
    account: { id: row.account.id, name: row.account.name, awayAfterIdleMinutes: row.account.awayAfterIdleMinutes },
    role: {
      id: row.role.id,
      name: row.role.name,
      permissions: permissionsSchema.parse(JSON.parse(row.role.permissions)),
      departmentIds: row.role.departmentIds ? (JSON.parse(row.role.departmentIds) as string[]) : null,
    },
    scopes: null,
  };
}

export async function createSession(
  db: Db,
  args: { id: string; accountId: string; operatorId: string; now: number; publicId: string; deviceLabel?: string | null },
) {
  await db.insert(sessions).values({
    id: args.id,
    accountId: args.accountId,
    operatorId: args.operatorId,
    createdAt: args.now,
    lastSeenAt: args.now,
    expiresAt: args.now + SESSION_ABSOLUTE_MS,
    publicId: args.publicId,
    deviceLabel: args.deviceLabel ?? null,
  });
}

/** Why a session is over by time: 30 minutes without a person's action, or 12 hours after sign-in. */
export type SessionExpiry = "idle_expired" | "expired";

/** When a session with these times is over, and why; null while it stands. */
export function sessionExpiry(session: { lastSeenAt: number; expiresAt: number }, now: number): SessionExpiry | null {
  if (now >= session.expiresAt) return "expired";
  if (now - session.lastSeenAt >= SESSION_IDLE_MS) return "idle_expired";
  return null;
}

export type SessionLookup =
  | { status: "active"; principal: Principal }
  | { status: "expired"; reason: SessionExpiry; accountId: string; operatorId: string }
  | { status: "missing" };

/** Activity moves the idle clock only when a minute has passed: busy operators do not write on every request. */
const ACTIVITY_WRITE_MS = 60_000;

/**
 * Looks a session up by its hashed token. An expired one is reported (the caller ends it, see
 * src/auth/end-sessions.ts), not deleted here. `activity: false` (background polling, socket
 * reconnects) leaves the idle clock alone: only a person's actions keep a session alive.
 */
export async function lookupSession(db: Db, sessionId: string, now: number, options: { activity?: boolean } = {}): Promise<SessionLookup> {
  return judgeSession(db, sessionId, await sessionRow(db, sessionId), now, options);
}

/**
 * As lookupSession, for a request that brings no account: the session's row is read from every
 * database at once (src/db/databases.ts), with what shows which one holds its account, so an
 * authenticated request costs one round trip before its route. Also returns the database to go on
 * with: the account's, or the directory's when no database knows the session.
 */
export async function locateSession(
  env: Env,
  sessionId: string,
  now: number,
  options: { activity?: boolean } = {},
): Promise<{ db: Db; found: SessionLookup }> {
  const located = await locateRow(env, (db) =>
    sessionRow(db, sessionId).then((row) => row && { accountId: row.session.accountId, hasAccount: true, noted: row.noted, row }),
  );
  // Not found joined to a live operator anywhere: the account-less path, whose fallback still
  // reports a session expired under an operator since removed.
  if (!located) {
    const owner = await locateAccount(env, sessions, sessions.id, sessionId);
    const db = owner?.db ?? directoryDb(env);
    return { db, found: await lookupSession(db, sessionId, now, options) };
  }
  const found = located.row
    ? await judgeSession(located.db, sessionId, located.row, now, options)
    : await lookupSession(located.db, sessionId, now, options);
  return { db: located.db, found };
}

type SessionRow = PrincipalRow & { session: typeof sessions.$inferSelect; noted: string | null };

/**
 * The session with its operator, account and role in one query: every authenticated request
 * starts here, and each D1 round trip adds to every request's time (bench/storage.ts). `noted`:
 * this database's account_databases row for the account, for locateSession.
 */
function sessionRow(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  return db
    .select({ session: sessions, ...principalColumns, noted: accountDatabases.binding })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .innerJoin(accounts, eq(accounts.id, operators.accountId))
    .innerJoin(roles, and(eq(roles.id, operators.roleId), eq(roles.accountId, operators.accountId)))
    .leftJoin(accountDatabases, eq(accountDatabases.accountId, sessions.accountId))
    .where(eq(sessions.id, sessionId))
    .get();
}

/** What a session's joined row (undefined: none joined) means now; moves the idle clock as lookupSession says. */
async function judgeSession(
  db: Db,
  sessionId: string,
  row: SessionRow | undefined,
  now: number,
  options: { activity?: boolean },
): Promise<SessionLookup> {
  // A session whose operator is gone is as good as none (the same as before the join).
  const session = row?.session ?? (await db.query.sessions.findFirst({ where: eq(sessions.id, sessionId) }));
  if (!session) return { status: "missing" };
  const expiry = sessionExpiry(session, now);
  if (expiry) return { status: "expired", reason: expiry, accountId: session.accountId, operatorId: session.operatorId };
  if (!row) return { status: "missing" };
  let lastSeenAt = session.lastSeenAt;
  if (options.activity !== false && now - session.lastSeenAt > ACTIVITY_WRITE_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
    lastSeenAt = now;
  }
  const principal = principalOf(row, "operator", {
    id: session.id,
    expiresAt: session.expiresAt,
    idleExpiresAt: lastSeenAt + SESSION_IDLE_MS,
  });
  return principal ? { status: "active", principal } : { status: "missing" };
}

/**
 * Resolves a session by its hashed token; null when there is none or it expired (an expired row is
 * deleted; requests end it through endOperatorSessions instead, audited, see requireOperator).
 */
export async function resolveSession(
  db: Db,
  sessionId: string,
  now: number,
  options: { activity?: boolean } = {},
): Promise<Principal | null> {
  const found = await lookupSession(db, sessionId, now, options);
  if (found.status === "expired") await db.delete(sessions).where(eq(sessions.id, sessionId));
  return found.status === "active" ? found.principal : null;
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** A stored scopes column as scopes; anything unknown (a scope since retired) is dropped, never widened. */
export function parseScopes(json: string): ApiTokenScope[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((s): s is ApiTokenScope => (apiTokenScopes as readonly unknown[]).includes(s)) : [];
}

/**
 * Resolves an API token by its hash. The principal's role is its creator's role as it is now,
 * with the permissions cut down to the token's scopes: a demoted creator's tokens lose the rights
 * at once, and a disabled or removed one's stop resolving. `firstUse` is true for exactly one
 * request, the token's first.
 */
export async function resolveApiToken(db: Db, tokenHash: string, now: number): Promise<{ principal: Principal; firstUse: boolean } | null> {
  const token = await db.query.apiTokens.findFirst({
    where: and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)),
  });
  if (!token || now >= token.expiresAt) return null;
  const principal = await principalFor(db, token.operatorId, "api_token", { id: token.id, expiresAt: token.expiresAt });
  if (!principal) return null;
  const scopes = parseScopes(token.scopes);
  principal.scopes = scopes;
  principal.role.permissions = intersectPermissions(principal.role.permissions, scopePermissions(scopes));
  // Of parallel first requests only one finds last_used_at still empty, so first use is audited once.
  const first =
    token.lastUsedAt === null &&
    (
      await db
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.lastUsedAt)))
        .returning({ id: apiTokens.id })
    ).length > 0;
  if (!first) await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
  return { principal, firstUse: first };
}

export async function createApiToken(
  db: Db,
  args: {
    id: string;
    accountId: string;
    operatorId: string;
    name: string;
    tokenHash: string;
    scopes: readonly ApiTokenScope[];
    now: number;
    expiresAt: number;
  },
) {
  await db.insert(apiTokens).values({
    id: args.id,
    accountId: args.accountId,
    operatorId: args.operatorId,
    name: args.name,
    tokenHash: args.tokenHash,
    scopes: JSON.stringify(args.scopes),
    createdAt: args.now,
    expiresAt: args.expiresAt,
  });
}

/** The account's tokens, or only `ownerId`'s when given. */
export async function listApiTokens(db: Db, accountId: string, ownerId: string | null, after: string | undefined, limit: number) {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      operatorId: apiTokens.operatorId,
      operatorName: operators.displayName,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(operators, eq(operators.id, apiTokens.operatorId))
    .where(
      and(
        eq(apiTokens.accountId, accountId),
        ownerId ? eq(apiTokens.operatorId, ownerId) : undefined,
        after ? gt(apiTokens.id, after) : undefined,
      ),
    )
    .orderBy(apiTokens.id)
    .limit(limit + 1);
  return rows.map((row) => ({ ...row, scopes: parseScopes(row.scopes) }));
}

/**
 * Revokes a token of this account (only of `ownerId` when given); returns the operator it acted
 * for, or null when there is no such token.
 */
export async function revokeApiToken(
  db: Db,
  args: { accountId: string; ownerId: string | null; id: string; now: number },
): Promise<string | null> {
  const result = await db
    .update(apiTokens)
    .set({ revokedAt: args.now })
    .where(
      and(
        eq(apiTokens.id, args.id),
        eq(apiTokens.accountId, args.accountId),
        args.ownerId ? eq(apiTokens.operatorId, args.ownerId) : undefined,
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ operatorId: apiTokens.operatorId });
  return result[0]?.operatorId ?? null;
}

/** Revokes every live token of one operator; returns their ids (to close their sockets). */
export async function revokeOperatorApiTokens(db: Db, accountId: string, operatorId: string, now: number): Promise<string[]> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.accountId, accountId), eq(apiTokens.operatorId, operatorId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.map((row) => row.id);
}
