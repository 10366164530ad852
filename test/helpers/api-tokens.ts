import { SELF } from "cloudflare:test";
import { type ApiTokenScope, apiTokenScopes } from "../../src/shared/api-tokens";
import { BASE } from "./index";

/** A REST call under /api/v1 from the app's origin, with a JSON body when given. */
export async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The error code of a response (undefined when it is not an error). */
export const errorCode = async (res: Response): Promise<string | undefined> =>
  ((await res.clone().json()) as { error?: { code: string } }).error?.code;

/** Creates an API token in the session `cookie` (every scope unless told), and returns its id and secret. */
export async function createToken(
  cookie: string,
  scopes: readonly ApiTokenScope[] = apiTokenScopes,
  expiresInDays = 30,
  name = "CI",
): Promise<{ id: string; token: string; bearer: Record<string, string> }> {
  const res = await call("POST", "/api-tokens", { Cookie: cookie }, { name, scopes, expiresInDays });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  const { id, token } = (await res.json()) as { id: string; token: string };
  return { id, token, bearer: { Authorization: `Bearer ${token}` } };
}
