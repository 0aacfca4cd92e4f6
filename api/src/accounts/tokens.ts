// API tokens (for the load tool, scripts, integrations): `bk_` and 32 random bytes, shown once
// when made; the database keeps the SHA-256 (a long random secret needs no slow hash). A token
// works until it is revoked or expires, and only while the user who made it is active.

import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { ReadCache } from '../cache/read-cache.ts';
import type { Database } from '../db/client.ts';
import { apiTokens, users, type Role } from '../db/schema.ts';
import { digest, newSecret } from './sessions.ts';

export const TOKEN_PREFIX = 'bk_';
/** A token's last use is written at most this often. */
const TOUCH_EVERY_SECONDS = 60;

export interface TokenAnswer {
  id: number;
  name: string;
  role: Role;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
}

export interface TokenActor {
  id: number;
  name: string;
  role: Role;
  /** The user who made it (a token made with a token belongs to that token's maker). */
  createdBy: number;
}

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  createdBy: apiTokens.createdBy,
  createdAt: apiTokens.createdAt,
};

export class TokenStore {
  /** When this process last noted each token's use (a held look-up keeps the older time). */
  private readonly touched = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    private readonly database: Database,
    private readonly cache?: ReadCache,
  ) {}

  async create(input: { name: string; role: Role; expiresAt?: Date | undefined; createdBy: number }): Promise<TokenAnswer & { token: string }> {
    const token = TOKEN_PREFIX + newSecret();
    const [row] = await this.database.run('insert', 'api_tokens', (db) =>
      db
        .insert(apiTokens)
        .values({ name: input.name.trim(), role: input.role, tokenHash: digest(token), createdBy: input.createdBy, expiresAt: input.expiresAt ?? null })
        .returning(columns),
    );
    return { ...row!, token };
  }

  list(): Promise<TokenAnswer[]> {
    return this.database.run('select', 'api_tokens', (db) => db.select(columns).from(apiTokens).orderBy(desc(apiTokens.id)));
  }

  /** Whether a token was revoked (it existed). */
  async revoke(id: number): Promise<boolean> {
    const rows = await this.database.run('delete', 'api_tokens', (db) => db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id }));
    return rows.length > 0;
  }

  /**
   * The token this secret is, while it works. With the shared cache, the look-up is held like an
   * answer read from users and api_tokens: a revocation or a change to its maker ends it at once.
   */
  async resolve(token: string): Promise<TokenActor | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const tokenHash = digest(token);
    const load = () => this.find(tokenHash);
    const found = this.cache ? await this.cache.value({ cache: 'auth', tables: ['users', 'api_tokens'], key: `token:${tokenHash}`, load }) : await load();
    if (!found || (found.expiresAt !== null && found.expiresAt <= Date.now())) return undefined;
    const lastUsedAt = Math.max(found.lastUsedAt ?? 0, this.touched.get(tokenHash) ?? 0);
    if (Date.now() - lastUsedAt > TOUCH_EVERY_SECONDS * 1000) {
      this.touched.set(tokenHash, Date.now());
      await this.database.run('update', 'api_tokens', (db) => db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, found.actor.id)));
    }
    return found.actor;
  }

  private async find(tokenHash: string): Promise<{ actor: TokenActor; expiresAt: number | null; lastUsedAt: number | null } | undefined> {
    const [row] = await this.database.run('select', 'api_tokens', (db) =>
      db
        .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, createdBy: users.id, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.createdBy))
        .where(and(eq(apiTokens.tokenHash, tokenHash), eq(users.active, true), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)))),
    );
    if (!row) return undefined;
    return { actor: { id: row.id, name: row.name, role: row.role, createdBy: row.createdBy }, expiresAt: row.expiresAt?.getTime() ?? null, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
  }
}
