// What the accounts tests share: the workshop's first owner, signing in through the API, a fresh
// app with that owner set up, and SQL on a test app's own database.

import { adminQuery } from '@bengkel/testing/database';
import { startApp, toReply, type TestApp } from './app.ts';

export const OWNER = { name: 'Dewi Lestari', email: 'dewi@bengkel.test', password: 'kunci-bengkel-2026' };

/** POST /api/auth/login from `remoteAddress`: the answer, the session cookie if any, and Set-Cookie. */
export async function signIn(app: TestApp, email: string, password: string, remoteAddress = '127.0.0.1') {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
  const cookie = response.cookies.find((c) => c.name === 'bengkel_session');
  return { reply: toReply(response), cookie, setCookie: String(response.headers['set-cookie'] ?? '') };
}

/** Runs `work` on an app of its own whose first owner is OWNER, and closes it. */
export async function withOwnerApp(work: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startApp();
  try {
    await app.post('/api/setup', OWNER);
    await work(app);
  } finally {
    await app.close();
  }
}

/** Rows of a query on the app's own database (PostgreSQL only). */
export async function sqlOn(app: TestApp, text: string, values: unknown[] = []) {
  return (await adminQuery(text, app.fresh.url!, values)).rows;
}
