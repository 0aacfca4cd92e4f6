// Sessions and sign-in throttling, in PostgreSQL so that every API process shares them. A
// session's id is 32 random bytes sent only in the cookie; the database keeps its SHA-256, so a
// copy of the table signs no one in. A session ends when its user signs out, is deactivated or
// deleted, or after SESSION_IDLE_HOURS without a request.

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, or, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { ReadCache } from '../cache/read-cache.ts';
import type { Database } from '../db/client.ts';
import { withoutPasswordHash } from './passwords.ts';
import { auditLog, sessions, signInFailures, users } from '../db/schema.ts';

export const SESSION_IDLE_HOURS = 12;
/** Failures for one email or one client address within the window, after which sign-in is refused. */
export const SIGN_IN_FAILURES_ALLOWED = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_SECONDS = 60;

export const newSecret = () => randomBytes(32).toString('base64url');
export const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export type SessionUser = Omit<typeof users.$inferSelect, 'passwordHash'>;

/** A user as held in the cache (JSON: its times as text) back to the user. */
function revive(user: SessionUser): SessionUser {
  const time = (value: Date | string | null) => (value === null ? null : new Date(value));
  return { ...user, createdAt: time(user.createdAt)!, updatedAt: time(user.updatedAt)!, lastLoginAt: time(user.lastLoginAt) };
}

/** Where a sign-in came from, for the audit log. */
export interface SignInContext {
  requestId: string;
  ip: string;
}

export class SessionStore {
  /** When this process last noted each session's use (a held look-up keeps the older time). */
  private readonly touched = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    private readonly database: Database,
    private readonly cache?: ReadCache,
  ) {}

  /**
   * A sign-in: a new session for the user, their last sign-in noted and the audit log's entry, in
   * one transaction. The secret for the cookie, and the user as answered.
   */
  async open(user: { id: number; name: string }, from: SignInContext): Promise<{ secret: string; user: SessionUser }> {
    const secret = newSecret();
    const signedIn = await this.database.run('insert', 'sessions', (db) =>
      db.transaction(async (tx) => {
        await tx.insert(sessions).values({ idHash: digest(secret), userId: user.id });
        await tx.insert(auditLog).values({ actorType: 'user', actorId: user.id, actorName: user.name, action: 'login', entity: 'user', entityId: user.id, requestId: from.requestId, ip: from.ip });
        const [row] = await tx.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, user.id)).returning();
        return row!;
      }),
    );
    return { secret, user: withoutPasswordHash(signedIn) };
  }

  /**
   * The active user whose session this is, if it has not been idle too long; its use is noted.
   * With the shared cache, the look-up is held like an answer read from users and sessions, so a
   * sign-out or a change to the user (deactivated, say) ends it at once in every process.
   */
  async user(secret: string): Promise<SessionUser | undefined> {
    const idHash = digest(secret);
    const load = () => this.find(idHash);
    const found = this.cache ? await this.cache.value({ cache: 'auth', tables: ['users', 'sessions'], key: `session:${idHash}`, load }) : await load();
    if (!found) return undefined;
    const lastSeenAt = Math.max(found.lastSeenAt, this.touched.get(idHash) ?? 0);
    if (Date.now() - lastSeenAt > SESSION_IDLE_HOURS * 3_600_000) return undefined;
    if (Date.now() - lastSeenAt > TOUCH_EVERY_SECONDS * 1000) {
      this.touched.set(idHash, Date.now());
      await this.database.run('update', 'sessions', (db) => db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.idHash, idHash)));
    }
    return revive(found.user);
  }

  private async find(idHash: string): Promise<{ user: SessionUser; lastSeenAt: number } | undefined> {
    const [row] = await this.database.run('select', 'sessions', (db) =>
      db
        .select({ user: users, lastSeenAt: sessions.lastSeenAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.idHash, idHash), eq(users.active, true), gt(sessions.lastSeenAt, sql`now() - make_interval(hours => ${SESSION_IDLE_HOURS})`))),
    );
    return row && { user: withoutPasswordHash(row.user), lastSeenAt: row.lastSeenAt.getTime() };
  }

  async close(secret: string): Promise<void> {
    await this.database.run('delete', 'sessions', (db) => db.delete(sessions).where(eq(sessions.idHash, digest(secret))));
  }

  /**
   * Whether sign-in is refused: the failures for this email, or from this address, within the
   * window; and the seconds until the oldest of those that count leaves it.
   */
  async throttled(email: string, ip: string): Promise<{ refused: boolean; retryAfterSeconds: number }> {
    const byEmail = sql`lower(${signInFailures.email}) = ${email.toLowerCase()}`;
    const byIp = sql`${signInFailures.ip} = ${ip}`;
    const [row] = await this.database.run('select', 'sign_in_failures', (db) =>
      db
        .select({
          email: sql<number>`count(*) filter (where ${byEmail})`.mapWith(Number),
          emailOldest: sql<string | null>`min(${signInFailures.at}) filter (where ${byEmail})`,
          ip: sql<number>`count(*) filter (where ${byIp})`.mapWith(Number),
          ipOldest: sql<string | null>`min(${signInFailures.at}) filter (where ${byIp})`,
        })
        .from(signInFailures)
        .where(and(gt(signInFailures.at, sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`), or(byEmail, byIp))),
    );
    const oldest = [
      row && row.email >= SIGN_IN_FAILURES_ALLOWED ? row.emailOldest : null,
      row && row.ip >= SIGN_IN_FAILURES_ALLOWED ? row.ipOldest : null,
    ].filter((at): at is string => at !== null);
    if (oldest.length === 0) return { refused: false, retryAfterSeconds: 0 };
    const leaves = Math.max(...oldest.map((at) => new Date(at).getTime())) + SIGN_IN_WINDOW_MINUTES * 60_000;
    return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil((leaves - Date.now()) / 1000)) };
  }

  /** A failed sign-in: counted for throttling, and in the audit log (the email tried, never the password). */
  async failed(email: string, accountId: number | undefined, from: SignInContext): Promise<void> {
    await this.database.run('insert', 'sign_in_failures', (db) =>
      db.transaction(async (tx) => {
        await tx.insert(signInFailures).values({ email: email.slice(0, 254), ip: from.ip });
        await tx.insert(auditLog).values({
          actorType: 'system',
          action: 'login_failed',
          entity: 'user',
          entityId: accountId ?? null,
          changes: { email: [null, email.slice(0, 254)] },
          requestId: from.requestId,
          ip: from.ip,
        });
      }),
    );
  }
}
