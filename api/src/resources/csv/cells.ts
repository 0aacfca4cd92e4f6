// A record's fields as CSV cells and back (API.md v2, import and export): what export writes,
// import reads back unchanged.
//
// A cell starting with = + - @, a tab or a carriage return is a formula to a spreadsheet (a phone
// number "+62 812-…" is shown as #NAME?, a crafted "=HYPERLINK(…)" runs when opened): such a cell
// is written behind a ' (OWASP's advice), which spreadsheets show as text and import removes
// again. One ' is added to every cell of the form '…'<trigger>, so removing one is exact.

import type { TObject } from 'typebox';

const GUARDED = /^'*[=+\-@\t\r]/;
const UNGUARD = /^'+[=+\-@\t\r]/;

export function toCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return GUARDED.test(text) ? `'${text}` : text;
}

export function fromCell(cell: string): string {
  return UNGUARD.test(cell) ? cell.slice(1) : cell;
}

interface FieldSchema {
  type?: string | string[];
  format?: string;
  default?: unknown;
}

const typesOf = (field: FieldSchema) => [field.type ?? []].flat();

/** The item's fields that are a value (not an object or a list): the file's columns, in the item's order. */
export function columnsOf(item: TObject): string[] {
  return Object.entries(item.properties as Record<string, FieldSchema>)
    .filter(([, field]) => !typesOf(field).some((type) => type === 'object' || type === 'array'))
    .map(([name]) => name);
}

/**
 * The text a number cell must be to be read as one: whole for an integer, at most two decimals for
 * money and three for a quantity. "150.000" (a hundred and fifty thousand in a sheet kept in
 * Indonesian) is then refused, never stored as 150.
 */
const NUMBER_TEXT: Record<string, RegExp> = {
  integer: /^-?\d+$/,
  money: /^-?\d+(\.\d{1,2})?$/,
  quantity: /^-?\d+(\.\d{1,3})?$/,
  number: /^-?\d+(\.\d+)?$/,
};

/**
 * A cell as the body field its column is, before the same clean-up and validation as a JSON body:
 * an empty cell is null where the field may be null (and `undefined`, not given, where it may
 * not); a number where the field is one and the cell is written as one (else the text, which the
 * schema then refuses with the usual message).
 */
export function fieldValue(field: FieldSchema, cell: string): unknown {
  const text = fromCell(cell);
  const types = typesOf(field);
  if (text.trim() === '') return types.includes('null') ? null : undefined;
  const form = types.includes('integer') ? NUMBER_TEXT.integer : types.includes('number') ? (NUMBER_TEXT[field.format ?? ''] ?? NUMBER_TEXT.number) : undefined;
  if (form?.test(text.trim())) return Number(text.trim());
  return text;
}

/** Whether an imported value is what is stored already (a row exported and imported back changes nothing). */
export function sameValue(stored: unknown, given: unknown): boolean {
  if (stored instanceof Date) return typeof given === 'string' && Date.parse(given) === stored.getTime();
  return stored === given || (stored == null && given == null);
}
