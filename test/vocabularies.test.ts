import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ACTION_AREAS } from "../app/src/components/governance/audit-actions";
import { auditQuerySchema } from "../src/shared/admin-api";
import { AUDIT_ACTIONS } from "../src/shared/audit-actions";
import { ERROR_CODES } from "../src/shared/error-codes";
import { BASE } from "./helpers";

// That the server uses only listed codes and actions, and that the app names each in every
// language, is the type checker's part; these check the lists themselves and what the API says.

const SNAKE_CASE = /^[a-z]+(_[a-z]+)*$/;
/** `area.what`: snake_case segments joined by dots ("login", "session.ended.signed_out"). */
const ACTION_FORMAT = /^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*)*$/;

const duplicates = (list: readonly string[]) => list.filter((item, i) => list.indexOf(item) !== i);

describe("ERROR_CODES", () => {
  it("lists each code once", () => {
    expect(duplicates(ERROR_CODES)).toEqual([]);
  });

  it.each(ERROR_CODES)("%s is snake_case", (code) => {
    expect(code).toMatch(SNAKE_CASE);
  });
});

describe("AUDIT_ACTIONS", () => {
  it("lists each action once", () => {
    expect(duplicates(AUDIT_ACTIONS)).toEqual([]);
  });

  it.each(AUDIT_ACTIONS)("%s has the audit format and is accepted by the log's filter", (action) => {
    expect(action).toMatch(ACTION_FORMAT);
    expect(auditQuerySchema.safeParse({ action }).success).toBe(true);
  });

  it("puts every action in exactly one of the app's filter areas, under the area's prefix", () => {
    const filed = ACTION_AREAS.flatMap((area) => area.actions);
    expect(duplicates(filed)).toEqual([]);
    expect([...filed].sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const area of ACTION_AREAS) {
      if (area.prefix) for (const action of area.actions) expect(action.startsWith(area.prefix), action).toBe(true);
    }
  });
});

interface Schema {
  $ref?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

describe("GET /api/v1/openapi.json", () => {
  it("lists the audit actions and the error codes as they are in src/shared", async () => {
    const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (schema: Schema): Schema =>
      schema.$ref ? resolve(doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")]!) : schema;
    const page = resolve(doc.paths["/audit-log"]!.get!.responses["200"]!.content!["application/json"]!.schema);
    const entry = resolve(page.properties!.items!.items!);
    expect(resolve(entry.properties!.action!).enum).toEqual([...AUDIT_ACTIONS]);
    const error = resolve(doc.paths["/audit-log"]!.get!.responses["403"]!.content!["application/json"]!.schema);
    expect(resolve(resolve(error.properties!.error!).properties!.code!).enum).toEqual([...ERROR_CODES]);
  });
});
