import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { en } from '../src/i18n/en.ts';
import { id } from '../src/i18n/id.ts';

describe('translations', () => {
  test('Bahasa Indonesia has every English key, and the same {placeholders}', () => {
    assert.deepEqual(Object.keys(id).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(id[key]), names(en[key]), key);
    }
  });
});
