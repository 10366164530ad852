import { z } from "zod";

// The role model (docs/design.md, Access control), after Userlike: a level per area.
// chats: read = watch live conversations, manage = reply, take and close them.

export const accessLevelSchema = z.enum(["none", "read", "manage"]);
export type AccessLevel = z.infer<typeof accessLevelSchema>;

export const permissionsSchema = z.strictObject({
  chats: accessLevelSchema,
  transcripts: accessLevelSchema,
  settings: accessLevelSchema,
  team: accessLevelSchema,
  auditLog: accessLevelSchema,
  analytics: z.enum(["none", "anonymized", "full"]),
});
export type Permissions = z.infer<typeof permissionsSchema>;
export type Area = Exclude<keyof Permissions, "analytics">;

const rank: Record<AccessLevel, number> = { none: 0, read: 1, manage: 2 };

/** True when `granted` is at least `needed`. */
export function allows(granted: AccessLevel, needed: AccessLevel): boolean {
  return rank[granted] >= rank[needed];
}

/**
 * Whether a role may read what was said in a conversation: a live one with chats read (watching it)
 * or transcripts read, an ended one with transcripts read. Lists, previews and transcripts all ask here.
 */
export function mayReadContent(permissions: Pick<Permissions, "chats" | "transcripts">, status: "open" | "closed"): boolean {
  return (status === "open" && allows(permissions.chats, "read")) || allows(permissions.transcripts, "read");
}

export const builtInRoles = {
  Admin: {
    chats: "manage",
    transcripts: "manage",
    settings: "manage",
    team: "manage",
    auditLog: "read",
    analytics: "full",
  },
  Supervisor: {
    chats: "manage",
    transcripts: "read",
    settings: "read",
    team: "read",
    auditLog: "none",
    analytics: "full",
  },
  Agent: {
    chats: "manage",
    transcripts: "read",
    settings: "none",
    team: "none",
    auditLog: "none",
    analytics: "anonymized",
  },
  "Read-only": {
    chats: "read",
    transcripts: "read",
    settings: "read",
    team: "read",
    auditLog: "none",
    analytics: "anonymized",
  },
} as const satisfies Record<string, Permissions>;

const analyticsRank = { none: 0, anonymized: 1, full: 2 } as const;

/** True when `candidate` grants nothing beyond `holder`, in every area. */
export function permissionsWithin(candidate: Permissions, holder: Permissions): boolean {
  const areas: Area[] = ["chats", "transcripts", "settings", "team", "auditLog"];
  return areas.every((a) => allows(holder[a], candidate[a])) && analyticsRank[candidate.analytics] <= analyticsRank[holder.analytics];
}

/** True when departments `candidate` (null = all) lie within `holder`'s. */
export function departmentsWithin(candidate: string[] | null, holder: string[] | null): boolean {
  if (holder === null) return true;
  return candidate?.every((d) => holder.includes(d)) ?? false;
}
