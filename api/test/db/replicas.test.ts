import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatWalPosition, parseWalPosition } from '../../src/db/replicas.ts';

test('WAL positions read as PostgreSQL writes them and written back as pg_lsn reads them', () => {
  assert.equal(parseWalPosition('16/B374D848'), (0x16n << 32n) | 0xb374d848n);
  for (const text of ['0/0', '0/1', '16/B374D848', 'FFFFFFFF/FFFFFFFF', '1/0']) assert.equal(formatWalPosition(parseWalPosition(text)), text);
  assert.throws(() => parseWalPosition('16-B374D848'), /not a WAL position/);
});
