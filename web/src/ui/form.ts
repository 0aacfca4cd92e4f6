// Forms with labels, hints, and the API's field errors shown next to each field. A failed save
// keeps everything typed; only a success leaves the page. What the browser can judge (a required
// field left empty, text over its length, an amount it cannot read) is said before anything is sent.

import { ApiError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { language, moneyInput, readDateInput, readMoney, t, type MessageKey } from '../i18n/index.ts';
import { keepDraft, takeDraft } from '../session.ts';
import { errorBox, explain } from './feedback.ts';

/**
 * The API words its field errors in English; these patterns give each a message in the user's
 * language. Anything not recognised falls back to a general one.
 */
const FIELD_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^is required$/, () => t('field.required')],
  // Strings are trimmed before their length is checked, so an empty or blank one comes back as this.
  [/must NOT have fewer than 1 characters?$/, () => t('field.required')],
  [/must NOT have more than (\d+) characters/, (m) => t('field.tooLong', { n: m[1]! })],
  [/must NOT have fewer than (\d+) characters/, (m) => t('field.tooShort', { n: m[1]! })],
  [/must be >= (\S+)/, (m) => t('field.tooSmall', { n: m[1]! })],
  [/must be <= (\S+)/, (m) => t('field.tooLarge', { n: m[1]! })],
  [/valid email/, () => t('field.email')],
  [/characters or a form/, () => t('field.pattern')],
  [/at most 2 decimals/, () => t('field.money')],
  [/year from 1900 to (\d+)/, (m) => t('field.year', { max: m[1]! })],
  [/date-time|a date/, () => t('field.dateTime')],
  [/must be integer/, () => t('field.number')],
];

export function fieldMessage(message: string): string {
  for (const [pattern, text] of FIELD_MESSAGES) {
    const found = pattern.exec(message);
    if (found) return text(found);
  }
  return t('field.invalid');
}

export interface Field {
  name: string;
  label: MessageKey;
  /** `money`: an amount typed the way the user's language writes it (a text input, see readMoney). */
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'money' | 'textarea' | 'date' | 'datetime-local' | 'select';
  required?: boolean;
  /**
   * The API's limit, in characters after trimming. Said at the field as soon as it is passed,
   * rather than a maxlength attribute silently cutting off what was typed or pasted.
   */
  maxLength?: number;
  value?: string;
  options?: { value: string; label: string }[];
  /** A control of its own (a picker); its input carries the field's id. */
  control?: HTMLElement;
  attributes?: Record<string, string | number>;
}

export interface FormOptions {
  fields: Field[];
  submitLabel: MessageKey;
  cancelHref?: string;
  /** Called with the raw text of each field; throw the ApiError to show it. */
  onSubmit: (values: Record<string, string>) => Promise<void>;
  /** Explanations for conflicts this form can meet (e.g. a delete blocked by dependants). */
  conflict?: { dependants?: MessageKey };
  /** false: never keep what was typed (a password form). */
  keepDraft?: boolean;
}

export function formView(options: FormOptions): HTMLFormElement {
  // The page this form is on: what was typed is kept under it if the session ends on save.
  const page = location.pathname + location.search;
  const draft = options.keepDraft === false ? undefined : takeDraft(page);
  const summary = h('div', { class: 'form-summary' });
  const errors = new Map<string, HTMLElement>();
  const controls = new Map<string, HTMLElement>();

  const rows = options.fields.map((field) => {
    const id = `field-${field.name}`;
    const errorId = `${id}-error`;
    // A field with a length limit says at once when it is passed (a paste, say): politely aloud too.
    const error = h('p', { class: 'field-error', id: errorId, hidden: true, 'aria-live': field.maxLength !== undefined ? 'polite' : undefined });
    errors.set(field.name, error);
    let control: HTMLElement;
    if (field.control) control = field.control;
    else if (field.type === 'textarea') control = h('textarea', { id, name: field.name, rows: 3, required: field.required, ...field.attributes }, field.value ?? '');
    else if (field.type === 'select')
      control = h('select', { id, name: field.name }, (field.options ?? []).map((o) => h('option', { value: o.value, selected: o.value === field.value }, o.label)));
    else if (field.type === 'money') control = h('input', { id, name: field.name, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: field.value ?? '', required: field.required, ...field.attributes });
    else control = h('input', { id, name: field.name, type: field.type ?? 'text', value: field.value ?? '', required: field.required, ...field.attributes });
    const input = (control.matches('input,select,textarea') ? control : control.querySelector('input')) as HTMLElement;
    input.setAttribute('aria-describedby', errorId);
    if (draft?.[field.name] !== undefined && !field.control) (input as HTMLInputElement).value = draft[field.name]!;
    controls.set(field.name, input);
    if (field.maxLength !== undefined) input.addEventListener('input', () => showLength(field, input as HTMLInputElement));
    let reading: HTMLElement | null = null;
    if (field.type === 'date' || field.type === 'datetime-local') {
      input.setAttribute('lang', language());
      reading = h('p', { class: 'hint', 'data-date-reading': true, id: `${id}-reading` });
      input.setAttribute('aria-describedby', `${errorId} ${id}-reading`);
      const show = () => (reading!.textContent = readDateInput((input as HTMLInputElement).value));
      input.addEventListener('input', show);
      input.addEventListener('change', show);
      show();
    }
    return h(
      'div',
      { class: 'field' },
      h('label', { for: input.id }, t(field.label), field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
      control,
      reading,
      error,
    );
  });

  const submit = h('button', { type: 'submit' }, t(options.submitLabel));
  const form = h(
    'form',
    { novalidate: true, class: 'form' },
    summary,
    rows,
    h('div', { class: 'actions' }, submit, options.cancelHref ? h('a', { href: options.cancelHref, 'data-link': true, class: 'button secondary' }, t('common.cancel')) : null),
  );

  function setError(name: string, message: string | undefined) {
    const element = errors.get(name)!;
    const field = options.fields.find((f) => f.name === name)!;
    // A length message, however it came (typing or saving), goes away as soon as the text fits.
    const kind = message && message === tooLong(field, (controls.get(name) as HTMLInputElement).value) ? 'length' : 'check';
    element.hidden = !message;
    element.textContent = message ?? '';
    element.dataset.kind = message ? kind : '';
    controls.get(name)?.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  /** While typing: says at once that text is over its limit, and clears that when it fits again. */
  function showLength(field: Field, input: HTMLInputElement) {
    const over = tooLong(field, input.value);
    if (over) setError(field.name, over);
    else if (errors.get(field.name)?.dataset.kind === 'length') setError(field.name, undefined);
  }

  function showErrors(fieldErrors: Record<string, string>) {
    for (const name of errors.keys()) setError(name, fieldErrors[name]);
    const first = options.fields.find((f) => fieldErrors[f.name]);
    if (first) controls.get(first.name)?.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [name, control] of controls) values[name] = (control as HTMLInputElement).value;
    replace(summary);
    const local = checkFields(options.fields, values);
    showErrors(local);
    if (Object.keys(local).length > 0) {
      replace(summary, errorBox(t('errors.form')));
      return;
    }
    submit.disabled = true;
    try {
      await options.onSubmit(values);
    } catch (error) {
      // Signed out meanwhile (the session expired): keep what was typed for when the user is back.
      if (error instanceof ApiError && error.status === 401 && options.keepDraft !== false) keepDraft(page, values);
      replace(summary, errorBox(explain(error, options.conflict ?? {})));
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        // A conflict names its field: say there, in plain words, what to do. Other messages come
        // from the API in English, or from this app already in the user's language (code 'local').
        for (const key of Object.keys(fields)) {
          if (error.status === 409) fields[key] = explain(error);
          else if (error.problem.code !== 'local') fields[key] = fieldMessage(fields[key]!);
        }
        showErrors(fields);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** Text longer than the field's limit (counted as the API counts: characters, after trimming). */
function tooLong(field: Field, value: string): string | undefined {
  const count = [...value.trim()].length;
  return field.maxLength !== undefined && count > field.maxLength ? t('field.tooLongTyped', { n: field.maxLength, count }) : undefined;
}

/** Why an amount cannot be read, in the user's language, with an example written their way. */
export function moneyMessage(value: string): string | undefined {
  const reading = readMoney(value);
  if (reading.ok) return undefined;
  if (reading.reason === 'negative') return t('field.tooSmall', { n: 0 });
  const example = { whole: moneyInput(150000), cents: moneyInput(150000.5) };
  return t(reading.reason === 'decimals' ? 'field.moneyDecimals' : 'field.moneyFormat', example);
}

/** What the browser can tell before sending: required fields, lengths, amounts. Pickers check their own choice. */
export function checkFields(fields: Field[], values: Record<string, string>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.name] ?? '';
    const message =
      (field.required && !field.control && value.trim() === '' ? t('field.required') : undefined) ??
      tooLong(field, value) ??
      (field.type === 'money' ? moneyMessage(value) : undefined);
    if (message) found[field.name] = message;
  }
  return found;
}

/** An amount from a money field ('' → null); formView has already refused one it cannot read. */
export function money(value: string | undefined, field: string): number | null {
  const reading = readMoney(value ?? '');
  if (reading.ok) return reading.value;
  const message = moneyMessage(value ?? '')!;
  throw new ApiError({ title: 'Bad Request', status: 400, detail: message, code: 'local', errors: [{ path: `/${field}`, message }] });
}

/** '' → null, else the trimmed text (the API stores optional "" as null anyway). */
export const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);
/** '' → null, else a number (left as text if it is not one, for the API to explain). */
export const number = (value: string | undefined): number | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : Number.isFinite(Number(trimmed)) ? Number(trimmed) : (trimmed as unknown as number);
};

/** A picker left without a choice is the user's to fix before anything is sent. */
export function requireChoice(value: number | undefined, field: string, message: string): asserts value is number {
  if (value === undefined) throw new ApiError({ title: 'Bad Request', status: 400, detail: message, code: 'local', errors: [{ path: `/${field}`, message }] });
}
