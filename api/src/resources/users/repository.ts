// Users in PostgreSQL. The password hash never leaves this module: every answer is a `UserAnswer`.

import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../../accounts/passwords.ts';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { SetupInput, UserAnswer } from './schemas.ts';

/** Serialises the first owner's creation across API processes (any constant shared by all). */
const FIRST_OWNER_LOCK = 0x42656e6c; // "Benl"

const answer = ({ passwordHash: _hidden, ...user }: typeof users.$inferSelect): UserAnswer => user;

export class UserRepository {
  constructor(private readonly database: Database) {}

  async any(): Promise<boolean> {
    const rows = await this.database.run('select', 'users', (db) => db.select({ one: sql<number>`1` }).from(users).limit(1));
    return rows.length > 0;
  }

  /**
   * The first owner, while no user exists; undefined once one does. Two first runs at once (two
   * browsers, two API processes) make one owner: the check and the insert hold a transaction lock.
   */
  async createFirstOwner(input: SetupInput): Promise<UserAnswer | undefined> {
    const passwordHash = await hashPassword(input.password);
    return this.database.run('insert', 'users', (db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_OWNER_LOCK})`);
        if ((await tx.select({ one: sql<number>`1` }).from(users).limit(1)).length > 0) return undefined;
        const [created] = await tx.insert(users).values({ name: input.name.trim(), email: input.email, role: 'owner', passwordHash }).returning();
        return answer(created!);
      }),
    );
  }

  /** The account an email signs in to, with its hash (for the password check only). */
  async forSignIn(email: string): Promise<typeof users.$inferSelect | undefined> {
    const [row] = await this.database.run('select', 'users', (db) => db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())));
    return row;
  }
}
