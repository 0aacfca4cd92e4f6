import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, unknownAccountHash, verifyPassword } from '../../src/accounts/passwords.ts';

test('a password verifies against its own hash and no other; the hash holds neither the password nor a fixed salt', async () => {
  const password = 'kunci-bengkel-2026';
  const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
  assert.match(first, /^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.notEqual(first, second, 'a new salt each time');
  assert.ok(!first.includes(password));
  assert.equal(await verifyPassword(password, first), true);
  assert.equal(await verifyPassword(password, second), true);
  assert.equal(await verifyPassword('kunci-bengkel-2027', first), false);
  assert.equal(await verifyPassword(`${password} `, first), false);
  assert.equal(await verifyPassword(password, 'plain-text'), false, 'anything not a hash of ours');
  assert.equal(await verifyPassword(password, first.replace(/\$[^$]+$/, '$AAAA')), false, 'a truncated hash');
});

test('the same text in another Unicode form is the same password (NFKC)', async () => {
  const composed = 'Sepeda motor café 12';
  const decomposed = composed.normalize('NFD');
  assert.notEqual(composed, decomposed);
  assert.equal(await verifyPassword(decomposed, await hashPassword(composed)), true);
});

test("the cost is at least OWASP's scrypt minimum, and an unknown account's dummy hash costs the same", async () => {
  const hash = await hashPassword('a-long-enough-password');
  const [, n, r, p] = hash.split('$').map(Number);
  // OWASP's Password Storage Cheat Sheet: scrypt with N = 2^17, r = 8, p = 1, or one of its
  // equal-strength alternatives (less memory, more parallel rounds), or stronger.
  const minimums = [[2 ** 17, 1], [2 ** 16, 2], [2 ** 15, 3], [2 ** 14, 5], [2 ** 13, 10]];
  assert.equal(r, 8);
  assert.ok(minimums.some(([minN, minP]) => n! >= minN! && p! >= minP!), `N ${n}, r ${r}, p ${p}`);
  const dummy = await unknownAccountHash();
  assert.equal(dummy, await unknownAccountHash(), 'made once');
  assert.equal(dummy.split('$').slice(0, 4).join('$'), hash.split('$').slice(0, 4).join('$'), 'the same cost as a real account');
  assert.equal(await verifyPassword('a-long-enough-password', dummy), false);
});
