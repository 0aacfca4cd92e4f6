// The workshop's first owner in every test, created at start-up by ADMIN_EMAIL and ADMIN_PASSWORD
// (`ownerEnv`), and signing in over HTTP: a session's headers as a browser page sends them, or an
// API token of any role, as the load tool and scripts use.

export const OWNER = { name: 'Dewi Lestari', email: 'dewi@bengkel.test', password: 'kunci-bengkel-2026' };

/** The API's environment that creates OWNER when no user exists. */
export const ownerEnv: Record<string, string> = { ADMIN_NAME: OWNER.name, ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password };

export type Role = 'owner' | 'frontdesk' | 'mechanic';

/**
 * Signs in at `base` (the API, or the web app's origin that passes /api/ on): the headers of a
 * signed-in page, its session cookie and Sec-Fetch-Site as a browser sends it on its own origin.
 */
export async function sessionHeaders(base: string, who: { email: string; password: string } = OWNER): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('bengkel_session='));
  if (!response.ok || !cookie) throw new Error(`could not sign in as ${who.email} at ${base}: ${response.status} ${await response.text()}`);
  return { cookie: cookie.split(';')[0]!, 'sec-fetch-site': 'same-origin' };
}

/** An API token of `role`, made by OWNER at `base`. */
export async function makeToken(base: string, role: Role = 'owner', name = `tests (${role})`): Promise<string> {
  const headers = await sessionHeaders(base);
  const response = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name, role }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 201 || !body.token) throw new Error(`could not make a ${role} token at ${base}: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** The header that sends an API token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
