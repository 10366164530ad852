import type { Principal } from "./db/auth";
import type { Db } from "./db/client";

/** The hono environment shared by every route: bindings, and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /** Set by requireOperator on authenticated routes. */
    principal: Principal;
  };
}
