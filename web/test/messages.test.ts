import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLanguage, formatMoney, setLanguage } from '../src/i18n/index.ts';
import { fieldMessage } from '../src/ui/form.ts';

describe("messages in the user's language", () => {
  test('the browser language decides until the user chooses', () => {
    assert.equal(detectLanguage(null, ['id-ID', 'en-US']), 'id');
    assert.equal(detectLanguage(null, ['fr-FR', 'en-GB']), 'en');
    assert.equal(detectLanguage(null, ['de-DE']), 'en');
    assert.equal(detectLanguage('id', ['en-US']), 'id');
  });

  test("the API's English field errors are given in Indonesian", () => {
    setLanguage('id');
    assert.equal(fieldMessage('is required'), 'Wajib diisi.');
    assert.equal(fieldMessage('must NOT have more than 120 characters'), 'Paling banyak 120 karakter.');
    assert.equal(fieldMessage('must be a valid email address'), 'Masukkan alamat email yang valid, misalnya nama@contoh.com.');
    assert.equal(fieldMessage('must be a year from 1900 to 2027'), 'Masukkan tahun dari 1900 sampai 2027.');
    assert.equal(fieldMessage('something new'), 'Nilai ini tidak valid.');
    setLanguage('en');
    assert.equal(fieldMessage('must be >= 0'), 'The smallest allowed is 0.');
  });

  test('an empty required field is "required" in both languages, never "at least 1 characters"', () => {
    setLanguage('id');
    assert.equal(fieldMessage('must NOT have fewer than 1 characters'), 'Wajib diisi.');
    assert.equal(fieldMessage('must NOT have fewer than 3 characters'), 'Paling sedikit 3 karakter.');
    setLanguage('en');
    assert.equal(fieldMessage('must NOT have fewer than 1 characters'), 'This is required.');
  });

  test("money is Rupiah by default, in the language's format", () => {
    setLanguage('id');
    assert.match(formatMoney(1250000), /^Rp\s?1\.250\.000/);
    setLanguage('en');
    assert.match(formatMoney(1250000), /IDR\s?1,250,000/);
  });
});
