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
  default?: unknown;
}

const typesOf = (field: FieldSchema) => [field.type ?? []].flat();

/** The item's fields that are a value (not an object or a list): the file's columns, in the item's order. */
export function columnsOf(item: TObject): string[] {
  return Object.entries(item.properties as Record<string, FieldSchema>)
    .filter(([, field]) => !typesOf(field).some((type) => type === 'object' || type === 'array'))
    .map(([name]) => name);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A cell as the body field its column is, before the same clean-up and validation as a JSON body:
 * an empty cell is null where the field may be null (and `undefined`, not given, where it may
 * not); a number where the field is one and the cell reads as one (else the text, which the schema
 * then refuses with the usual message).
 */
export function fieldValue(field: FieldSchema, cell: string): unknown {
  const text = fromCell(cell);
  const types = typesOf(field);
  if (text.trim() === '') return types.includes('null') ? null : undefined;
  if ((types.includes('integer') || types.includes('number')) && DECIMAL.test(text.trim())) return Number(text.trim());
  return text;
}

/** Whether an imported value is what is stored already (a row exported and imported back changes nothing). */
export function sameValue(stored: unknown, given: unknown): boolean {
  if (stored instanceof Date) return typeof given === 'string' && Date.parse(given) === stored.getTime();
  return stored === given || (stored == null && given == null);
}
