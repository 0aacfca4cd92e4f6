// Money as people write it in their language, and as the workshop shows it. A browser's
// <input type="number"> reads `150.000` as 150 whatever the page's language, so a cost typed the
// Indonesian way was stored a thousand times too small: amounts are typed as text and read here
// with the separators of the user's locale, and anything that could be read two ways is refused.

/** The locale's separators, from Intl itself (so they match what formatMoney shows). */
function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Takes a leading currency sign off; `Rp. 150.000` is a common way to write Rupiah, so a dot may close a sign written in letters. */
function withoutSign(text: string, signs: string[]): string {
  for (const sign of signs) {
    if (!text.toLowerCase().startsWith(sign.toLowerCase())) continue;
    let rest = text.slice(sign.length);
    if (/[a-z]$/i.test(sign) && rest.startsWith('.')) rest = rest.slice(1);
    return rest.trimStart();
  }
  return text;
}

/** The currency's signs: its ISO code and its symbols (`IDR`, `Rp`), longest first. */
function currencySigns(locale: string, currency: string): string[] {
  const sign = (currencyDisplay: 'symbol' | 'narrowSymbol') =>
    new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).formatToParts(0).find((p) => p.type === 'currency')?.value;
  const signs = [currency, sign('symbol'), sign('narrowSymbol')].filter((s): s is string => Boolean(s));
  return [...new Set(signs)].sort((a, b) => b.length - a.length);
}

export type MoneyReading =
  | { ok: true; value: number | null }
  /** format: not a number written this locale's way; decimals: more than two; negative: below 0. */
  | { ok: false; reason: 'format' | 'decimals' | 'negative' };

/**
 * Reads an amount typed in `locale` (`150.000`, `150.000,50`, `Rp 150.000` in id-ID; `150,000.50`
 * in en-GB; `150000` in both). Grouping must be in threes, the decimal separator is the locale's
 * own, and at most two decimals are taken (the API stores cents and never rounds): `150.00` in
 * id-ID or `1.2.3,4,5` anywhere is refused, not guessed at. Empty text is `null`.
 */
export function parseMoney(text: string, locale: string, currency: string): MoneyReading {
  const { group, decimal } = separators(locale);
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  // A minus may come before or after the currency sign (`-Rp 5`, `Rp -5`).
  const minus = /^[-\u2212]\s*/;
  let negative = minus.test(trimmed);
  let rest = withoutSign(trimmed.replace(minus, ''), currencySigns(locale, currency));
  if (minus.test(rest)) [negative, rest] = [true, rest.replace(minus, '')];
  const g = escape(group);
  const d = escape(decimal);
  const found = new RegExp(`^(\\d+|\\d{1,3}(?:${g}\\d{3})+)(?:${d}(\\d+))?$`).exec(rest);
  if (!found) return { ok: false, reason: 'format' };
  const whole = found[1]!.split(group).join('');
  const fraction = found[2] ?? '';
  if (fraction.length > 2) return { ok: false, reason: 'decimals' };
  const value = Number(fraction ? `${whole}.${fraction}` : whole);
  if (negative && value !== 0) return { ok: false, reason: 'negative' };
  return { ok: true, value };
}

/** Rounds to cents, so a sum like 0.1 + 0.2 is treated as the 0.30 it stands for. */
const toCents = (amount: number) => Math.round(amount * 100) / 100;

/**
 * An amount as an input shows it for editing: the locale's grouping, no currency sign, and
 * decimals only when there are cents, so that parseMoney reads it back as exactly this amount.
 */
export function moneyInputText(amount: number, locale: string): string {
  const cents = toCents(amount);
  const digits = Number.isInteger(cents) ? 0 : 2;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(cents);
}

/**
 * An amount for display, with the currency's usual digits (Rupiah: none, `Rp 150.000`).
 * Policy: the API keeps cents, so an amount may be finer than those digits (150000.5 Rupiah).
 * It is then rounded for display and marked `≈` (`≈ Rp 150.001`), never passed off as exact; its
 * edit form shows the exact amount (`150.000,50`).
 */
export function formatMoneyIn(amount: number, locale: string, currency: string): string {
  const usual = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const cents = toCents(amount);
  const digits = usual.resolvedOptions().maximumFractionDigits ?? 2;
  const exact = toCents(Number(cents.toFixed(digits))) === cents;
  return exact ? usual.format(cents) : `≈ ${usual.format(cents)}`;
}
