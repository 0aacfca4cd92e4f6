// Passwords, stored only as a slow salted hash: Node's own scrypt (no native dependency), with a
// random 16-byte salt per password and the cost parameters written beside the hash, so they can
// be raised later and old hashes still verify. Compared in constant time.
//   scrypt$<N>$<r>$<p>$<salt, base64>$<hash, base64>

import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** N = 2^15, r = 8, p = 3: one of OWASP's equivalent scrypt minimums, with 32 MiB per hash. */
const COST = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` is the one `stored` was made from; false for anything not a hash of ours. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let unknownAccount: Promise<string> | undefined;

/**
 * A hash of no one's password, to verify against when the email is unknown: sign-in then takes
 * the same time whether or not the account exists.
 */
export function unknownAccountHash(): Promise<string> {
  unknownAccount ??= hashPassword(randomBytes(24).toString('base64'));
  return unknownAccount;
}

/** A user row as it may be answered or kept in memory: without its password hash. */
export function withoutPasswordHash<T extends { passwordHash: string }>({ passwordHash: _hidden, ...rest }: T): Omit<T, 'passwordHash'> {
  return rest;
}
