import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMoney, moneyInput, readMoney, setLanguage } from '../src/i18n/index.ts';
import { parseMoney } from '../src/i18n/money.ts';

const read = (text: string, locale: string) => parseMoney(text, locale, 'IDR');

describe('money typed the way the language writes it', () => {
  test('Indonesian: a dot groups thousands and a comma starts the decimals', () => {
    assert.deepEqual(read('150.000', 'id-ID'), { ok: true, value: 150000 });
    assert.deepEqual(read('150.000,50', 'id-ID'), { ok: true, value: 150000.5 });
    assert.deepEqual(read('150000', 'id-ID'), { ok: true, value: 150000 });
    assert.deepEqual(read('Rp 150.000', 'id-ID'), { ok: true, value: 150000 });
    assert.deepEqual(read('Rp. 1.250.000', 'id-ID'), { ok: true, value: 1250000 });
    assert.deepEqual(read('rp150.000', 'id-ID'), { ok: true, value: 150000 });
    assert.deepEqual(read('IDR 150.000', 'id-ID'), { ok: true, value: 150000 });
    assert.deepEqual(read('0,5', 'id-ID'), { ok: true, value: 0.5 });
    assert.deepEqual(read('  ', 'id-ID'), { ok: true, value: null });
  });

  test('English: a comma groups thousands and a dot starts the decimals', () => {
    assert.deepEqual(read('150,000.50', 'en-GB'), { ok: true, value: 150000.5 });
    assert.deepEqual(read('150000', 'en-GB'), { ok: true, value: 150000 });
    assert.deepEqual(read('150,000', 'en-GB'), { ok: true, value: 150000 });
    assert.deepEqual(read('IDR 1,250,000', 'en-GB'), { ok: true, value: 1250000 });
    assert.deepEqual(read('Rp 150,000', 'en-GB'), { ok: true, value: 150000 });
    assert.deepEqual(read('99.9', 'en-GB'), { ok: true, value: 99.9 });
  });

  test('anything ambiguous or malformed is refused, never guessed at', () => {
    for (const text of ['1.2.3,4,5', '150.00', '1.5', '15.0000', 'abc', '150rb', '12 000', ',50', '150.000,', 'Rp', '1e5', '0x10'])
      assert.deepEqual(read(text, 'id-ID'), { ok: false, reason: 'format' }, text);
    for (const text of ['150,00', '1,2,3', '150.000,50'])
      assert.deepEqual(read(text, 'en-GB'), { ok: false, reason: 'format' }, text);
    assert.deepEqual(read('150.000,505', 'id-ID'), { ok: false, reason: 'decimals' });
    assert.deepEqual(read('150.000', 'en-GB'), { ok: false, reason: 'decimals' }, 'in English 150.000 has three decimals');
    assert.deepEqual(read('-5.000', 'id-ID'), { ok: false, reason: 'negative' });
    assert.deepEqual(read('Rp -5.000', 'id-ID'), { ok: false, reason: 'negative' });
  });

  test('an amount shown for editing reads back as exactly the same amount', () => {
    for (const language of ['id', 'en'] as const) {
      setLanguage(language);
      for (const amount of [0, 5, 150000, 150000.5, 1234567.89, 9999999999.99, 0.3]) {
        const reading = readMoney(moneyInput(amount));
        assert.deepEqual(reading, { ok: true, value: amount }, `${language}: ${amount} shown as ${moneyInput(amount)}`);
      }
    }
    setLanguage('id');
    assert.equal(moneyInput(150000), '150.000');
    assert.equal(moneyInput(150000.5), '150.000,50');
    setLanguage('en');
    assert.equal(moneyInput(150000.5), '150,000.50');
  });
});

describe('money shown with the currency’s usual digits', () => {
  test('Rupiah has no decimals on screen', () => {
    setLanguage('id');
    assert.match(formatMoney(150000), /^Rp\s150\.000$/);
    assert.match(formatMoney(0.1 + 0.2 + 149999.7), /^Rp\s150\.000$/, 'a float sum is read as its cents');
    setLanguage('en');
    assert.match(formatMoney(150000), /^IDR\s150,000$/);
  });

  test('an amount finer than those digits is marked as rounded, not shown as exact', () => {
    setLanguage('id');
    assert.match(formatMoney(150000.5), /^≈ Rp\s150\.001$/);
    assert.doesNotMatch(formatMoney(150000.5), /,5/);
    setLanguage('en');
    assert.match(formatMoney(150000.4), /^≈ IDR\s150,000$/);
  });
});
