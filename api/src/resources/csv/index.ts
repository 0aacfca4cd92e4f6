// Import and export (API.md v2): `GET /api/{customers|vehicles|services}.csv` streams every row a
// list query matches, and `POST /api/import/{customers|vehicles|services}` reads such a file back
// (import.ts). The front desk and owners use them, as they do the records themselves.

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { Type, type TObject } from 'typebox';
import { HttpProblem, invalidQuery, type FieldError } from '../../http/problem.ts';
import { STAFF } from '../../plugins/auth.ts';
import { problems } from '../common/routes.ts';
import { checkPeriod } from '../common/schemas.ts';
import { CustomerBodies, Customer, CustomerListQuery } from '../customers/schemas.ts';
import { Service, ServiceBodies, ServiceListQuery } from '../services/schemas.ts';
import { normalizeVehicle, Vehicle, VehicleBodies, VehicleListQuery } from '../vehicles/schemas.ts';
import { columnsOf, toCell } from './cells.ts';
import { importer, type ImportStore } from './import.ts';
import { ImportQuery, ImportResult, ImportProblem } from './schemas.ts';

export const IMPORT_LIMIT_BYTES = 10 * 1024 * 1024;

interface Exportable extends ImportStore {
  batches(query: never): AsyncGenerator<Record<string, unknown>[]>;
}

interface Transfer {
  name: 'customers' | 'vehicles' | 'services';
  title: string;
  item: TObject;
  bodies: { create: TObject; patch: TObject };
  query: TObject;
  normalize?: Record<string, (text: string) => string>;
  checkQuery?: (query: never) => FieldError[];
  repository: Exportable;
  /** What an import may change, as the resource's own writes say. */
  writes: readonly string[];
}

/** The list query without its paging and sort: an export is every match, in id order. */
function exportQuery(query: TObject): TObject {
  const { limit: _limit, offset: _offset, sort: _sort, ...filters } = query.properties;
  return Type.Object(filters, { additionalProperties: false });
}

/** Today's date where the workshop is (settings), for a file's name. */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

/**
 * UTF-8's byte order mark: Excel reads a CSV file as UTF-8 only with it (else "Jl. Merdeka —"
 * shows as mojibake); import skips it.
 */
const BOM = '\uFEFF';

function register(app: FastifyInstance, transfer: Transfer): void {
  const { name, title } = transfer;
  const columns = columnsOf(transfer.item);
  const tags = ['Import and export'];

  app.get(`/api/${name}.csv`, {
    schema: {
      operationId: `export${title}s`,
      tags,
      summary: `Export ${name} as CSV`,
      description: `Every ${title.toLowerCase()} the list's filters and \`q\` match, in id order, as CSV (RFC 4180, UTF-8 with a byte order mark for spreadsheets, a header row of the field names), streamed. A cell that a spreadsheet would take for a formula (starting with = + - @) is written behind a \`'\`; import reads the file back unchanged.`,
      querystring: exportQuery(transfer.query),
      produces: ['text/csv'],
      response: { 200: { type: 'string', description: 'text/csv; charset=utf-8' }, ...problems(400, 401, 403, 503) },
    },
    config: { access: STAFF },
    handler: async (request, reply) => {
      const errors = transfer.checkQuery?.(request.query as never) ?? [];
      if (errors.length > 0) throw invalidQuery(errors);
      const batches = transfer.repository.batches(request.query as never);
      // The first batch is read before the answer starts, so a database that is down is a 503,
      // not a file cut short; a failure later ends the transfer unfinished, never with a short file.
      const first = await batches.next();
      const { timeZone } = await app.settings.read();
      async function* csv() {
        yield BOM + stringify([columns], { record_delimiter: 'windows' });
        if (first.done) return;
        const lines = (rows: Record<string, unknown>[]) =>
          stringify(rows.map((row) => columns.map((column) => toCell(row[column]))), { record_delimiter: 'windows' });
        yield lines(first.value);
        for await (const rows of batches) yield lines(rows);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-${todayIn(timeZone)}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csv()));
    },
  });

  const load = importer(app, { name, thing: title.toLowerCase(), item: transfer.item, bodies: transfer.bodies, repository: transfer.repository, ...(transfer.normalize ? { normalize: transfer.normalize } : {}) });
  app.post<{ Querystring: { dryRun: boolean }; Body: string }>(`/api/import/${name}`, {
    schema: {
      operationId: `import${title}s`,
      tags,
      summary: `Import ${name} from CSV`,
      description: `A CSV file as export writes it (≤ 10 MiB; \`text/csv\`): a row with an \`id\` updates that ${title.toLowerCase()} (only what differs), one without creates one; columns the API writes (\`createdAt\`, …) are read and left alone, and a row whose \`updatedAt\` is older than the record's (changed since the export) is refused rather than written over that change. All or nothing: \`422\` lists the rows at fault and nothing is written. \`?dryRun=true\` checks the whole file, the database's rules included, and writes nothing.`,
      querystring: ImportQuery,
      consumes: ['text/csv'],
      body: Type.String({ description: 'text/csv; charset=utf-8' }),
      response: { 200: ImportResult, 422: ImportProblem, ...problems(400, 401, 403, 413, 415, 503) },
    },
    config: { access: STAFF, writes: transfer.writes },
    bodyLimit: IMPORT_LIMIT_BYTES,
    preValidation: async (request) => {
      if (typeof request.body !== 'string') throw new HttpProblem(415, 'Send the file as text/csv', { code: 'unsupported_media_type' });
    },
    handler: (request) => load(request.body, request.query.dryRun),
  });
}

export default async function csv(app: FastifyInstance) {
  // Only these routes read CSV: elsewhere a text/csv body is still 415.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  register(app, {
    name: 'customers',
    title: 'Customer',
    item: Customer,
    bodies: CustomerBodies,
    query: CustomerListQuery,
    repository: app.customers as unknown as Exportable,
    writes: ['customers'],
  });
  register(app, {
    name: 'vehicles',
    title: 'Vehicle',
    item: Vehicle,
    bodies: VehicleBodies,
    query: VehicleListQuery,
    normalize: normalizeVehicle,
    repository: app.vehicles as unknown as Exportable,
    writes: ['vehicles'],
  });
  register(app, {
    name: 'services',
    title: 'Service',
    item: Service,
    bodies: ServiceBodies,
    query: ServiceListQuery,
    checkQuery: checkPeriod as (query: never) => FieldError[],
    repository: app.services as unknown as Exportable,
    writes: ['services', 'vehicles', 'service_lines', 'reminders'],
  });
}
