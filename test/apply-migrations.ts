import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Every database gets every migration (docs/databases.md): the directory database and DB_2.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await applyD1Migrations(env.DB_2, env.TEST_MIGRATIONS);
