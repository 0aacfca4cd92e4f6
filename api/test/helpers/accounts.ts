// What the accounts tests share: signing in through the API, a fresh app with its first owner
// (OWNER), and SQL on a test app's own database.

import { adminQuery } from '@bengkel/testing/database';
import { startApp, toReply, type TestApp } from './app.ts';

export { OWNER } from './app.ts';

/** POST /api/auth/login from `remoteAddress`: the answer, the session cookie if any, and Set-Cookie. */
export async function signIn(app: TestApp, email: string, password: string, remoteAddress = '127.0.0.1') {
  const response = await app.anonymous.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
  const cookie = response.cookies.find((c) => c.name === 'bengkel_session');
  return { reply: toReply(response), cookie, setCookie: String(response.headers['set-cookie'] ?? '') };
}

/** Runs `work` on an app of its own whose first owner is OWNER, and closes it. */
export async function withOwnerApp(work: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startApp();
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

/** Rows of a query on the app's own database (PostgreSQL only). */
export async function sqlOn(app: TestApp, text: string, values: unknown[] = []) {
  return (await adminQuery(text, app.fresh.url!, values)).rows;
}
