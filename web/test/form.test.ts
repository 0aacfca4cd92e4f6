import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setLanguage } from '../src/i18n/index.ts';
import { checkFields, money, type Field } from '../src/ui/form.ts';

const fields: Field[] = [
  { name: 'name', label: 'customers.name', required: true, maxLength: 120 },
  { name: 'notes', label: 'customers.notes', type: 'textarea', maxLength: 10 },
  { name: 'cost', label: 'services.cost', type: 'money' },
];

describe('what a form says before anything is sent', () => {
  test('an empty or blank required field is required, in the user’s language', () => {
    setLanguage('en');
    assert.deepEqual(checkFields(fields, { name: '   ', notes: '', cost: '' }), { name: 'This is required.' });
    setLanguage('id');
    assert.deepEqual(checkFields(fields, { name: '', notes: '', cost: '' }), { name: 'Wajib diisi.' });
  });

  test('text over its limit says the limit and how much was typed, counted after trimming', () => {
    setLanguage('en');
    assert.deepEqual(checkFields(fields, { name: 'x'.repeat(134), notes: '', cost: '' }), { name: 'At most 120 characters (134 typed).' });
    assert.deepEqual(checkFields(fields, { name: ` ${'x'.repeat(120)} `, notes: '', cost: '' }), {});
    assert.deepEqual(checkFields(fields, { name: 'Budi', notes: '🔧'.repeat(10), cost: '' }), {}, 'characters, as the API counts them, not UTF-16 units');
    setLanguage('id');
    assert.deepEqual(checkFields(fields, { name: 'x'.repeat(134), notes: '', cost: '' }), { name: 'Paling banyak 120 karakter (134 diketik).' });
  });

  test('an amount the language cannot read is refused at the field with an example written its way', () => {
    setLanguage('id');
    assert.deepEqual(checkFields(fields, { name: 'Budi', notes: '', cost: '1.2.3,4,5' }), { cost: 'Masukkan jumlah dengan penulisan seperti 150.000 atau 150.000,50.' });
    assert.deepEqual(checkFields(fields, { name: 'Budi', notes: '', cost: '150.000,505' }), { cost: 'Gunakan paling banyak 2 angka desimal, ditulis seperti 150.000,50.' });
    assert.deepEqual(checkFields(fields, { name: 'Budi', notes: '', cost: '150.000' }), {});
    assert.equal(money('150.000', 'cost'), 150000);
    setLanguage('en');
    assert.deepEqual(checkFields(fields, { name: 'Budi', notes: '', cost: 'abc' }), { cost: 'Enter an amount written like 150,000 or 150,000.50.' });
    assert.deepEqual(checkFields(fields, { name: 'Budi', notes: '', cost: '-5' }), { cost: 'The smallest allowed is 0.' });
    assert.throws(() => money('abc', 'cost'), (error: Error & { status?: number }) => error.status === 400);
  });
});
