// Users in PostgreSQL. The password hash never leaves this module: every answer is a `UserAnswer`.

import { asc, eq, sql } from 'drizzle-orm';
import { hashPassword, withoutPasswordHash } from '../../accounts/passwords.ts';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { NewUserInput, UserChangesInput } from './routes.ts';
import type { SetupInput, UserAnswer } from './schemas.ts';

/** Serialises the first owner's creation across API processes (any constant shared by all). */
const FIRST_OWNER_LOCK = 0x42656e6c; // "Benl"

const answer = (row: typeof users.$inferSelect): UserAnswer => withoutPasswordHash(row);

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

  async list(): Promise<UserAnswer[]> {
    return (await this.database.run('select', 'users', (db) => db.select().from(users).orderBy(asc(users.id)))).map(answer);
  }

  async get(id: number): Promise<UserAnswer | undefined> {
    const [row] = await this.database.run('select', 'users', (db) => db.select().from(users).where(eq(users.id, id)));
    return row && answer(row);
  }

  async create({ password, ...input }: NewUserInput): Promise<UserAnswer> {
    const passwordHash = await hashPassword(password);
    const [row] = await this.database.run('insert', 'users', (db) => db.insert(users).values({ ...input, name: input.name.trim(), passwordHash }).returning());
    return answer(row!);
  }

  async update(id: number, { password, ...changes }: UserChangesInput): Promise<UserAnswer | undefined> {
    const values = {
      ...changes,
      ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
      ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }),
      updatedAt: sql`now()`,
    };
    const [row] = await this.database.run('update', 'users', (db) => db.update(users).set(values).where(eq(users.id, id)).returning());
    return row && answer(row);
  }

  async remove(id: number): Promise<boolean> {
    const rows = await this.database.run('delete', 'users', (db) => db.delete(users).where(eq(users.id, id)).returning({ id: users.id }));
    return rows.length > 0;
  }
}
