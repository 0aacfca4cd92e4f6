// Import and export: each list as a CSV file to download, and a file (an export edited in a
// spreadsheet, or a list from another program) checked first, then imported all or nothing.

import { api, ApiError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { CsvCollection, ImportResult } from '../types.ts';
import { errorBox, explain, toast } from '../ui/feedback.ts';
import { fieldMessage } from '../ui/form.ts';
import { header } from './layout.ts';

const COLLECTIONS: [CsvCollection, MessageKey][] = [
  ['customers', 'nav.customers'],
  ['vehicles', 'nav.vehicles'],
  ['services', 'nav.services'],
];

const summary = (result: ImportResult) =>
  t(result.dryRun ? 'data.checked' : 'data.imported', { rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged });

/** The rows at fault, as a table: row, field, what is wrong (in the user's language where known). */
function faults(error: ApiError): HTMLElement {
  const errors = error.problem.errors ?? [];
  return h(
    'div',
    { class: 'notice error', role: 'alert', 'data-import-errors': true },
    h('p', {}, t('data.invalid')),
    errors.length
      ? h(
          'table',
          { class: 'faults' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('data.row')), h('th', { scope: 'col' }, t('data.column')), h('th', { scope: 'col' }, t('data.problem')))),
          h(
            'tbody',
            {},
            errors.map((fault) =>
              h('tr', {}, h('td', {}, fault.row === 0 ? t('data.header') : String(fault.row ?? '')), h('td', {}, fault.path.replace(/^\//, '')), h('td', {}, fieldMessageOr(fault.message))),
            ),
          ),
        )
      : h('p', {}, error.problem.detail),
  );
}

/** The API's own sentence where no translation matches (a file's quoting, an unknown column). */
const fieldMessageOr = (message: string) => {
  const translated = fieldMessage(message);
  return translated === t('field.invalid') ? message : translated;
};

export function dataPage(): HTMLElement {
  const result = h('div', { 'aria-live': 'polite' });
  const collection = h('select', { id: 'import-collection', name: 'collection' }, COLLECTIONS.map(([name, label]) => h('option', { value: name }, t(label))));
  const file = h('input', { id: 'import-file', name: 'file', type: 'file', accept: '.csv,text/csv', required: true });
  const importButton = h('button', { type: 'button', disabled: true, 'data-import': true }, t('data.import'));
  // Importing is offered only for the file and list that were just checked.
  let checked: { file: File; collection: CsvCollection } | undefined;
  const reset = () => {
    checked = undefined;
    importButton.disabled = true;
    replace(result);
  };
  collection.addEventListener('change', reset);
  file.addEventListener('change', reset);

  const run = async (dryRun: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) {
      replace(result, errorBox(t('data.chooseFile')));
      return;
    }
    const name = collection.value as CsvCollection;
    replace(result, h('p', { class: 'loading', role: 'status' }, t(dryRun ? 'data.checking' : 'data.importing')));
    try {
      const done = await api.csv.import(name, chosen, dryRun);
      replace(result, h('div', { class: 'notice', 'data-import-result': done.dryRun ? 'checked' : 'imported' }, h('p', {}, summary(done))));
      if (dryRun) {
        checked = { file: chosen, collection: name };
        importButton.disabled = false;
      } else {
        reset();
        replace(result, h('div', { class: 'notice', 'data-import-result': 'imported' }, h('p', {}, summary(done))));
        toast(t('data.importedToast'));
      }
    } catch (error) {
      checked = undefined;
      importButton.disabled = true;
      replace(result, error instanceof ApiError && error.status === 422 ? faults(error) : errorBox(explain(error)));
    }
  };
  importButton.addEventListener('click', () => {
    if (checked && checked.file === file.files?.[0] && checked.collection === collection.value) void run(false);
  });

  return h(
    'div',
    { class: 'data-page' },
    header(t('data.title')),
    h(
      'section',
      { 'aria-labelledby': 'export-title' },
      h('h2', { id: 'export-title' }, t('data.export')),
      h('p', {}, t('data.exportIntro')),
      h('ul', { class: 'plain downloads' }, COLLECTIONS.map(([name, label]) => h('li', {}, h('a', { href: api.csv.exportUrl(name), download: `${name}.csv`, class: 'button secondary', 'data-export': name }, t('data.download', { what: t(label) }))))),
    ),
    h(
      'section',
      { 'aria-labelledby': 'import-title' },
      h('h2', { id: 'import-title' }, t('data.importTitle')),
      h('p', {}, t('data.importIntro')),
      h('div', { class: 'field' }, h('label', { for: 'import-collection' }, t('data.into')), collection),
      h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('data.file')), file),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', 'data-check': true, onclick: () => void run(true) }, t('data.check')), importButton),
      result,
    ),
  );
}
