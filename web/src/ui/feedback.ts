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
