import { HttpError } from "../errors";

// EU residency fails closed: every Durable Object that holds conversation data is reached through
// the jurisdiction named by DATA_JURISDICTION. workerd does not implement jurisdictions, so local
// dev and tests must opt out explicitly with "none"; a missing or unknown value refuses service.

// Only the EU: that is the promise. Adding another here is a product decision, not a config change.
const JURISDICTIONS = ["eu"] as const;
type Jurisdiction = (typeof JURISDICTIONS)[number];

export interface JurisdictionEnv {
  DATA_JURISDICTION?: string;
}

function scoped<T extends Rpc.DurableObjectBranded | undefined>(
  env: JurisdictionEnv,
  namespace: DurableObjectNamespace<T>,
): DurableObjectNamespace<T> {
  const jurisdiction = env.DATA_JURISDICTION;
  if (jurisdiction === "none") return namespace;
  if (JURISDICTIONS.includes(jurisdiction as Jurisdiction)) return namespace.jurisdiction(jurisdiction as Jurisdiction);
  throw new HttpError(
    503,
    "jurisdiction_not_configured",
    'This deployment has no valid DATA_JURISDICTION, so it refuses to store conversations. Set it to "eu" (or "none" for local development).',
  );
}

export const conversationRooms = (env: Env) => scoped(env, env.CONVERSATIONS);

export const accountInboxes = (env: Env) => scoped(env, env.INBOXES);
