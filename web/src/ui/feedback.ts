// Messages a person sees: a polite live region for success, explanations for API errors, a
// confirmation dialog before anything that cannot be undone.

import { ApiError } from '../api.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';

/** Announces a short message (screen readers included) and shows it for a few seconds. */
export function toast(message: string): void {
  const region = document.getElementById('toast');
  if (!region) return;
  region.textContent = message;
  region.hidden = false;
  clearTimeout(Number(region.dataset.timer));
  region.dataset.timer = String(setTimeout(() => (region.hidden = true), 4000));
}

const CONFLICTS: Record<string, MessageKey> = {
  '/email': 'errors.duplicateEmail',
  '/plateNumber': 'errors.duplicatePlate',
};

/** Plain words for an API error, with a way forward where there is one. */
export function explain(error: unknown, context: { dependants?: MessageKey } = {}): string {
  if (!(error instanceof ApiError)) return t('errors.server');
  const { status, problem } = error;
  if (status === 0) return t('errors.network');
  if (status === 404) return t('errors.notFound');
  if (status === 503) return t('errors.unavailable');
  if (status === 409 && problem.code === 'has_dependants' && context.dependants) return t(context.dependants);
  if (status === 409 && problem.code === 'illegal_status_move') return t('errors.illegalMove');
  if (status === 409) {
    const key = CONFLICTS[problem.errors?.[0]?.path ?? ''];
    if (key) return t(key);
  }
  if (status === 400 || status === 422) return t('errors.form');
  return problem.detail || t('errors.server');
}

/** Errors that trying again may mend: the network, an overloaded or briefly unavailable server. */
export function retryable(error: unknown): boolean {
  return error instanceof ApiError && [0, 408, 429, 502, 503, 504].includes(error.status);
}

export function errorBox(message: string, retry?: () => void): HTMLElement {
  return h('div', { class: 'notice error', role: 'alert' }, h('p', {}, message), retry ? h('button', { type: 'button', onclick: retry }, t('common.retry')) : null);
}

export function loading(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

/**
 * A modal confirmation that also asks for a whole number (a final mileage, say), prefilled with
 * `value`: resolves with the number (null: left empty) when confirmed, undefined when cancelled.
 * A value under `min` or not whole is explained in place and not accepted.
 */
export function confirmWithNumber(message: string, field: { label: string; hint: string; value: number | null; min: number }): Promise<number | null | undefined> {
  return new Promise((resolve) => {
    const input = h('input', { id: 'confirm-number', name: 'number', type: 'number', min: field.min, step: 1, inputmode: 'numeric', value: field.value ?? '', 'aria-describedby': 'confirm-number-hint' });
    const problem = h('p', { id: 'confirm-number-error', class: 'field-error', role: 'alert', hidden: true });
    let answer: number | null | undefined;
    const form = h(
      'form',
      {
        method: 'dialog',
        novalidate: true,
        onsubmit: (event: Event) => {
          const text = input.value.trim();
          const number = text === '' ? null : Number(text);
          if (number !== null && (!Number.isInteger(number) || number < field.min)) {
            event.preventDefault();
            problem.textContent = Number.isInteger(number) ? t('field.tooSmall', { n: field.min }) : t('field.number');
            problem.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-errormessage', problem.id);
            input.focus();
            return;
          }
          answer = number;
        },
      },
      h('p', { id: 'confirm-message' }, message),
      h('div', { class: 'field' }, h('label', { for: input.id }, field.label), h('p', { id: 'confirm-number-hint', class: 'hint' }, field.hint), input, problem),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('common.cancel')),
        h('button', { type: 'submit' }, t('common.confirm')),
      ),
    );
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-message' }, form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A modal confirmation; resolves true if confirmed. */
export function confirmAction(message: string, confirmLabel = t('common.confirm')): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-message' },
      h('p', { id: 'confirm-message' }, message),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close('cancel') }, t('common.cancel')),
        h('button', { type: 'button', class: 'danger', onclick: () => dialog.close('confirm') }, confirmLabel),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
