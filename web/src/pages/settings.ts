// The workshop's own details (API.md v2 settings), for owners: the name, address, phone, e-mail
// and tax id printed on every invoice, the tax rate (PPN) as a percentage, the currency and the
// invoice number prefix, and the time zone that says which day it is. Invoices already issued keep what they were issued with.

import { api } from '../api.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { toast } from '../ui/feedback.ts';
import { formView } from '../ui/form.ts';
import { header, loadingPage } from './layout.ts';

const optional = (text: string | undefined) => (text?.trim() ? text.trim() : null);

/** 11 → 0.11, to four decimals (the API's step): never 0.11000000000000001. */
const fraction = (percent: string) => Number((Number(percent.replace(',', '.')) / 100).toFixed(4));
const percentOf = (rate: number) => String(Number((rate * 100).toFixed(2)));

/** Indonesia's three zones first, by the names people use; then every zone the browser knows. */
const INDONESIA: [string, string][] = [
  ['Asia/Jakarta', 'WIB — Asia/Jakarta'],
  ['Asia/Makassar', 'WITA — Asia/Makassar'],
  ['Asia/Jayapura', 'WIT — Asia/Jayapura'],
];
function zoneOptions(current: string) {
  const known = new Set(INDONESIA.map(([zone]) => zone));
  const others = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC'];
  const rest = [...new Set([current, 'UTC', ...others])].filter((zone) => !known.has(zone)).sort();
  return [...INDONESIA.map(([value, label]) => ({ value, label })), ...rest.map((zone) => ({ value: zone, label: zone }))];
}

export function settingsPage(): Node {
  return loadingPage(async () => {
    const settings = await api.settings.get();
    return h(
      'div',
      {},
      header(t('settings.title')),
      h('p', {}, t('settings.intro')),
      formView({
        submitLabel: 'common.save',
        keepDraft: true,
        fields: [
          { name: 'workshopName', label: 'settings.workshopName', required: true, maxLength: 120, value: settings.workshopName },
          { name: 'address', label: 'settings.address', type: 'textarea', maxLength: 500, value: settings.address ?? '' },
          { name: 'phone', label: 'settings.phone', type: 'tel', maxLength: 32, value: settings.phone ?? '', attributes: { autocomplete: 'tel' } },
          { name: 'email', label: 'settings.email', type: 'email', maxLength: 254, value: settings.email ?? '' },
          { name: 'taxId', label: 'settings.taxId', maxLength: 40, value: settings.taxId ?? '' },
          { name: 'taxRate', label: 'settings.taxRate', type: 'number', required: true, value: percentOf(settings.taxRate), attributes: { min: 0, max: 100, step: 0.01, inputmode: 'decimal' } },
          { name: 'currency', label: 'settings.currency', maxLength: 3, value: settings.currency, attributes: { autocapitalize: 'characters', pattern: '[A-Z]{3}' } },
          { name: 'invoicePrefix', label: 'settings.invoicePrefix', maxLength: 10, value: settings.invoicePrefix, attributes: { autocapitalize: 'characters' } },
          { name: 'timeZone', label: 'settings.timeZone', type: 'select', value: settings.timeZone, options: zoneOptions(settings.timeZone) },
        ],
        onSubmit: async (values) => {
          await api.settings.put({
            workshopName: values.workshopName!.trim(),
            address: optional(values.address),
            phone: optional(values.phone),
            email: optional(values.email),
            taxId: optional(values.taxId),
            taxRate: fraction(values.taxRate ?? ''),
            currency: (values.currency ?? '').trim().toUpperCase(),
            invoicePrefix: (values.invoicePrefix ?? '').trim().toUpperCase(),
            timeZone: values.timeZone ?? 'Asia/Jakarta',
          });
          toast(t('common.saved'));
        },
      }),
    );
  });
}
