// Importing a CSV file of customers, vehicles or services (API.md v2): all rows or none. The
// file is read and every row checked against the same rules as a JSON body first, and every
// fault reported at once; then the rows are written in one transaction, in file order, through
// the resource's own repository (its rules, triggers and audit entries all apply), and the
// first row the database refuses rolls everything back. A dry run does the same and always
// rolls back, so it also finds what only the database can (a duplicate email, a missing owner).
// A row carrying the `updatedAt` it was exported with is refused when the record has changed
// since: writing it would silently undo that change.

import { CsvError, parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { TObject } from 'typebox';
import { HttpProblem, type FieldError } from '../../http/problem.ts';
import { fieldErrors } from '../../plugins/problems.ts';
import { cleanFields } from '../common/routes.ts';
import { columnsOf, fieldValue, sameValue } from './cells.ts';

/** A fault in the file: its data row (from 1; 0 is the header line), the field, and why. */
export interface RowError extends FieldError {
  row: number;
}

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

export interface ImportStore {
  getMany(ids: readonly number[]): Promise<Map<number, Record<string, unknown>>>;
  create(values: never): Promise<unknown>;
  createMany(values: never): Promise<void>;
  update(id: number, values: never): Promise<unknown>;
}

export interface Importable {
  /** `customers` */
  name: string;
  /** `customer` */
  thing: string;
  item: TObject;
  bodies: { create: TObject; patch: TObject };
  normalize?: Record<string, (text: string) => string>;
  repository: ImportStore;
}

/** More than this many faults are summed up, not listed: the first ones are enough to fix. */
const MAX_ERRORS = 100;
/** New rows per INSERT: well under PostgreSQL's 65 535 parameters for any resource's columns. */
const CREATE_BATCH = 500;

/** A row to write: its values, and for an update the `updatedAt` the file says it was exported at. */
type Plan = { row: number; id?: number; exportedAt?: number; values: Record<string, unknown> };

class RowRefused extends Error {
  constructor(readonly error: RowError) {
    super(error.message);
  }
}

const refused = (errors: RowError[], total = errors.length) =>
  new HttpProblem(
    422,
    total > errors.length ? `${total} rows or fields are not valid; the first ${errors.length} are listed. Nothing was imported` : 'Some rows are not valid; nothing was imported',
    { code: 'invalid_rows', errors },
  );

export function importer(app: FastifyInstance, spec: Importable) {
  const columns = new Set(columnsOf(spec.item));
  const writable = spec.bodies.patch.properties as Record<string, { type?: string | string[] }>;
  const validate = { create: app.bodyValidator(spec.bodies.create), update: app.bodyValidator(spec.bodies.patch) };
  const clean = { create: cleanFields(spec.bodies.create, spec.normalize), update: cleanFields(spec.bodies.patch, spec.normalize) };

  /** The file's rows, each checked alone: what to write, or every fault found. */
  function plan(text: string): Plan[] {
    // The body was read as UTF-8: bytes that are not (a file saved as "CSV (Comma delimited)",
    // Windows-1252) became U+FFFD, which would be stored in place of "é".
    if (text.includes('\uFFFD')) {
      throw refused([{ row: 0, path: '', message: 'The file is not UTF-8: save it as "CSV UTF-8" and import it again' }]);
    }
    let records: string[][];
    try {
      records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const row = Math.max(0, ((error as CsvError & { records?: number }).records ?? 0));
      throw refused([{ row, path: '', message: `The file is not CSV as RFC 4180 writes it: ${error.message}` }]);
    }
    const [header, ...rows] = records;
    if (!header) throw refused([{ row: 0, path: '', message: 'The file is empty: its first line names the columns' }]);

    const errors: RowError[] = [];
    header.forEach((name, index) => {
      if (!columns.has(name)) errors.push({ row: 0, path: `/${name}`, message: `is not a column of ${spec.name} (${[...columns].join(', ')})` });
      else if (header.indexOf(name) !== index) errors.push({ row: 0, path: `/${name}`, message: 'is named twice' });
    });
    if (errors.length > 0) throw refused(errors);

    const plans: Plan[] = [];
    const seen = new Map<number, number>();
    let total = 0;
    const fault = (error: RowError) => {
      total++;
      if (errors.length < MAX_ERRORS) errors.push(error);
    };
    rows.forEach((cells, index) => {
      const row = index + 1;
      const values: Record<string, unknown> = {};
      const idCell = (cells[header.indexOf('id')] ?? '').trim();
      let id: number | undefined;
      if (idCell !== '') {
        id = /^\d{1,10}$/.test(idCell) ? Number(idCell) : NaN;
        if (!(id >= 1)) fault({ row, path: '/id', message: 'must be the id of an existing item, or empty for a new one' });
      }
      header.forEach((name, column) => {
        // createdAt, updatedAt and the like are written by the API: read back, and left alone.
        if (name === 'id' || !Object.hasOwn(writable, name)) return;
        const cell = cells[column] ?? '';
        const value = fieldValue(writable[name]!, cell);
        if (value !== undefined) values[name] = value;
        else if (id !== undefined) fault({ row, path: `/${name}`, message: 'must not be empty' });
      });
      const exportedCell = (cells[header.indexOf('updatedAt')] ?? '').trim();
      const exportedAt = header.includes('updatedAt') && exportedCell !== '' ? Date.parse(exportedCell) : undefined;
      if (exportedAt !== undefined && Number.isNaN(exportedAt)) fault({ row, path: '/updatedAt', message: 'must be the time the file was exported with, or empty' });
      if (id !== undefined && !Number.isNaN(id)) {
        const first = seen.get(id);
        if (first !== undefined) fault({ row, path: '/id', message: `is also on row ${first}` });
        else seen.set(id, row);
      }
      const kind = id === undefined ? 'create' : 'update';
      const found = [...clean[kind](values)];
      if (found.length === 0 && !validate[kind](values)) found.push(...fieldErrors(validate[kind].errors ?? []));
      for (const error of found) fault({ row, ...error });
      plans.push({ row, ...(id === undefined ? {} : { id }), ...(exportedAt === undefined ? {} : { exportedAt }), values });
    });
    if (errors.length > 0) throw refused(errors, total);
    return plans;
  }

  /** What the database refused of one row, as that row's fault (else the error itself). */
  function rowFault(row: number, error: unknown): unknown {
    const problem = app.problemOf(error);
    // The database unavailable or overloaded is not the file's fault: 503 as usual.
    if (!problem || problem.status >= 500) return error;
    const field = problem.options.errors?.[0];
    return new RowRefused({ row, path: field?.path ?? '', message: field?.message ?? problem.detail });
  }

  /** What a row would change of the stored record (nothing: unchanged). */
  const changesOf = (plan: Plan, current: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(plan.values).filter(([field, value]) => !sameValue(current[field], value)));

  /**
   * A row that would change a record someone changed after the file was exported: writing it
   * would silently undo their change (a phone number, a mechanic, a status moved on).
   */
  const stale = (plan: Plan, current: Record<string, unknown>) =>
    plan.exportedAt !== undefined && current.updatedAt instanceof Date && current.updatedAt.getTime() !== plan.exportedAt && Object.keys(changesOf(plan, current)).length > 0;

  async function update(plan: Plan, current: Record<string, unknown>): Promise<boolean> {
    const changes = changesOf(plan, current);
    if (Object.keys(changes).length === 0) return false;
    try {
      if ((await spec.repository.update(plan.id!, changes as never)) === undefined) throw new RowRefused({ row: plan.row, path: '/id', message: `no ${spec.thing} has this id` });
    } catch (error) {
      throw error instanceof RowRefused ? error : rowFault(plan.row, error);
    }
    return true;
  }

  /**
   * New rows, CREATE_BATCH to a statement (one round trip and one plan for many rows). When the
   * database refuses a batch, its rows are tried again one by one to name the row at fault.
   */
  async function create(plans: Plan[]): Promise<void> {
    for (let start = 0; start < plans.length; start += CREATE_BATCH) {
      const batch = plans.slice(start, start + CREATE_BATCH);
      try {
        await app.database.savepoint(() => spec.repository.createMany(batch.map((plan) => plan.values) as never));
      } catch (error) {
        if (rowFault(0, error) === error) throw error;
        for (const plan of batch) {
          try {
            await spec.repository.create(plan.values as never);
          } catch (one) {
            throw rowFault(plan.row, one);
          }
        }
        throw error;
      }
    }
  }

  /** Writes the plans in one transaction (rolled back for a dry run): the counts, or the row refused. */
  async function apply(plans: Plan[], dryRun: boolean): Promise<ImportResult> {
    const result: ImportResult = { rows: plans.length, created: 0, updated: 0, unchanged: 0, dryRun };
    try {
      return await app.database.atomically(
        async () => {
          const ids = plans.flatMap((plan) => (plan.id === undefined ? [] : [plan.id]));
          const stored = await spec.repository.getMany(ids);
          const missing = plans.filter((plan) => plan.id !== undefined && !stored.has(plan.id));
          if (missing.length > 0) {
            const errors = missing.slice(0, MAX_ERRORS).map(({ row }) => ({ row, path: '/id', message: `no ${spec.thing} has this id` }));
            throw refused(errors, missing.length);
          }
          const changed = plans.filter((plan) => plan.id !== undefined && stale(plan, stored.get(plan.id)!));
          if (changed.length > 0) {
            const errors = changed.slice(0, MAX_ERRORS).map(({ row, id }) => ({
              row,
              path: '/updatedAt',
              message: `this ${spec.thing} was changed at ${(stored.get(id!)!.updatedAt as Date).toISOString()}, after the file was exported: export again and redo the row (or empty its updatedAt to overwrite)`,
            }));
            throw refused(errors, changed.length);
          }
          // In file order: each run of new rows goes in batches, each update on its own.
          let creating: Plan[] = [];
          for (const plan of plans) {
            if (plan.id === undefined) {
              creating.push(plan);
              continue;
            }
            await create(creating);
            result.created += creating.length;
            creating = [];
            if (await update(plan, stored.get(plan.id)!)) result.updated++;
            else result.unchanged++;
          }
          await create(creating);
          result.created += creating.length;
          return result;
        },
        { rollback: dryRun },
      );
    } catch (error) {
      if (error instanceof RowRefused) throw refused([error.error]);
      throw error;
    }
  }

  return async (text: string, dryRun: boolean) => apply(plan(text), dryRun);
}
