// Two languages, switchable and remembered; the browser's language by default. Money is
// formatted in the configured currency (Rupiah by default), dates in the user's locale.

import { config } from '../config.ts';
import { en, type MessageKey } from './en.ts';
import { id } from './id.ts';
import { formatMoneyIn, moneyInputText, parseMoney, type MoneyReading } from './money.ts';

export type Language = 'en' | 'id';
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, id };
const STORAGE_KEY = 'bengkel.language';
const listeners = new Set<() => void>();

export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'en' || stored === 'id') return stored;
  const first = browser.find((tag) => /^(en|id)\b/i.test(tag));
  return first?.toLowerCase().startsWith('id') ? 'id' : 'en';
}

const browserLanguages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
let current: Language = detectLanguage(safeStorage()?.getItem(STORAGE_KEY) ?? null, browserLanguages);

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  safeStorage()?.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function onLanguageChange(listener: () => void): void {
  listeners.add(listener);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export const locale = () => (current === 'id' ? 'id-ID' : 'en-GB');

/** An amount in the configured currency, with its usual digits (see money.ts for the policy). */
export const formatMoney = (amount: number): string => formatMoneyIn(amount, locale(), config.currency);
/** An amount typed the way the user's language writes it (`150.000` is 150000 in Indonesian). */
export const readMoney = (text: string): MoneyReading => parseMoney(text, locale(), config.currency);
/** An amount as a money input shows it, read back unchanged by readMoney. */
export const moneyInput = (amount: number): string => moneyInputText(amount, locale());

export function formatDateTime(iso: string | null): string {
  return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : t('common.none');
}

/** The time alone for a moment of today (the browser's day), else the date and time. */
export function formatTimeToday(iso: string): string {
  const date = new Date(iso);
  const today = date.toDateString() === new Date().toDateString();
  return today ? new Intl.DateTimeFormat(locale(), { timeStyle: 'short' }).format(date) : formatDateTime(iso);
}

export type { MessageKey };

/**
 * What a date (2026-12-08) or date and time (2026-12-08T09:30) input holds, written out in the
 * user's language ("Selasa, 8 Desember 2026 pukul 09.30"): the browser draws the input in its own
 * locale, which may not be the language chosen here.
 */
export function readDateInput(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value);
  if (!day && !time) return '';
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), day ? { dateStyle: 'full', timeZone: 'UTC' } : { dateStyle: 'full', timeStyle: 'short' }).format(date);
}
