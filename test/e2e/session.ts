import type { Page } from "playwright-core";
import { inject } from "vitest";

// Signing in, for the end-to-end tests: over REST for a cookie, or through the app's login form.

interface Credentials {
  email: string;
  password: string;
}

/** Signs in over REST and returns the Cookie header value; the admin on the main worker unless told otherwise. */
export async function sessionCookie(credentials: Credentials = inject("admin"), baseUrl = inject("baseUrl")): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  if (!res.ok) throw new Error(`login ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** A call to `/api/v1` as the session in `cookie`. */
export function api(
  path: string,
  init: { method?: string; body?: unknown; cookie: string },
  baseUrl = inject("baseUrl"),
): Promise<Response> {
  return fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: { "Content-Type": "application/json", Origin: baseUrl, Cookie: init.cookie },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** Fills in and sends the app's login form; the page comes back whether the login worked or not. */
export async function submitAppLogin(opener: { newPage(): Promise<Page> }, credentials: Credentials): Promise<Page> {
  const page = await opener.newPage();
  await page.goto(`${inject("baseUrl")}/app/`);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Log in" }).click();
  return page;
}

/** Signs into the app (the admin unless told otherwise) and waits until it shows the signed-in layout. */
export async function appLogin(opener: { newPage(): Promise<Page> }, credentials: Credentials = inject("admin")): Promise<Page> {
  const page = await submitAppLogin(opener, credentials);
  await page.getByRole("button", { name: "Log out" }).waitFor();
  return page;
}
