// The only module that calls fetch. Every failure becomes an ApiError carrying the API's
// problem details, so pages can show field errors and explain conflicts.

import { config } from './config.ts';
import type { ApiToken, AuditEntry, CsvCollection, Customer, ImportResult, Invoice, Line, LineKind, NewApiToken, Page, Payment, PaymentMethod, Problem, Reminder, ReminderMessage, Role, Service, Settings, Stats, User, Vehicle } from './types.ts';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
  /** Field errors by field name (`/email` → `email`). */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) fields[error.path.replace(/^\//, '')] ??= error.message;
    return fields;
  }
}

export type Query = Record<string, string | number | undefined>;

/** Fired when the API says the session is over (401): the app sends the user to sign in. */
export const SIGNED_OUT = 'bengkel:signed-out';
/** Answers where 401 means "wrong email or password" or "not signed in yet", not "signed out". */
const OWN_401 = ['/api/auth/login', '/api/auth/me'];

/** A body sent as it is (a file), not as JSON. */
class Raw {
  constructor(
    readonly type: string,
    readonly content: Blob | string,
  ) {}
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${config.apiBaseUrl}${path}`, {
      method,
      // The session cookie goes along also to an API on another origin (a deploy-time API_BASE_URL).
      credentials: config.apiBaseUrl ? 'include' : 'same-origin',
      headers: body === undefined ? {} : { 'content-type': body instanceof Raw ? body.type : 'application/json' },
      body: body === undefined ? null : body instanceof Raw ? body.content : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ title: 'Network error', status: 0, detail: '', code: 'network' });
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = (data ?? {}) as Partial<Problem>;
    if (response.status === 401 && !OWN_401.includes(path)) window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiError({ title: problem.title ?? response.statusText, status: response.status, detail: problem.detail ?? '', ...problem } as Problem);
  }
  return data as T;
}

function toSearch(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function collection<T, Body>(name: string) {
  return {
    list: (query: Query = {}) => request<Page<T>>('GET', `/api/${name}${toSearch(query)}`),
    get: (id: number) => request<T>('GET', `/api/${name}/${id}`),
    create: (body: Partial<Body>) => request<T>('POST', `/api/${name}`, body),
    update: (id: number, body: Partial<Body>) => request<T>('PATCH', `/api/${name}/${id}`, body),
    remove: (id: number) => request<void>('DELETE', `/api/${name}/${id}`),
  };
}

type Editable<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt' | 'startedAt' | 'completedAt' | 'vehicle' | 'owner'>;

export const api = {
  customers: {
    ...collection<Customer, Editable<Customer>>('customers'),
    vehicles: (id: number, query: Query = {}) => request<Page<Vehicle>>('GET', `/api/customers/${id}/vehicles${toSearch(query)}`),
  },
  vehicles: {
    ...collection<Vehicle, Editable<Vehicle>>('vehicles'),
    services: (id: number, query: Query = {}) => request<Page<Service>>('GET', `/api/vehicles/${id}/services${toSearch(query)}`),
  },
  services: {
    ...collection<Service, Editable<Service>>('services'),
    lines: {
      list: (id: number) => request<Page<Line>>('GET', `/api/services/${id}/lines`),
      create: (id: number, body: { kind: LineKind; description: string; partNumber?: string | null; quantity: number; unitPrice: number }) => request<Line>('POST', `/api/services/${id}/lines`, body),
      remove: (id: number, lineId: number) => request<void>('DELETE', `/api/services/${id}/lines/${lineId}`),
    },
  },
  invoices: {
    issue: (serviceId: number) => request<Invoice>('POST', `/api/services/${serviceId}/invoice`),
    list: (query: Query = {}) => request<Page<Invoice>>('GET', `/api/invoices${toSearch(query)}`),
    get: (id: number) => request<Invoice>('GET', `/api/invoices/${id}`),
    payments: (id: number) => request<Page<Payment>>('GET', `/api/invoices/${id}/payments`),
    pay: (id: number, body: { amount: number; method: PaymentMethod; reference?: string | null }) => request<Payment>('POST', `/api/invoices/${id}/payments`, body),
    void: (id: number, reason: string) => request<Invoice>('POST', `/api/invoices/${id}/void`, { reason }),
  },
  reminders: {
    list: (query: Query = {}) => request<Page<Reminder>>('GET', `/api/reminders${toSearch(query)}`),
    create: (body: { vehicleId: number; description: string; dueDate?: string | null; dueMileage?: number | null; repeatMonths?: number | null; repeatKm?: number | null }) => request<Reminder>('POST', '/api/reminders', body),
    update: (id: number, body: Partial<Pick<Reminder, 'status' | 'description' | 'dueDate' | 'dueMileage'>>) => request<Reminder>('PATCH', `/api/reminders/${id}`, body),
    message: (id: number, lang: string) => request<ReminderMessage>('GET', `/api/reminders/${id}/message?lang=${lang}`),
  },
  settings: {
    get: () => request<Settings>('GET', '/api/settings'),
    put: (body: Partial<Omit<Settings, 'updatedAt'>> & { workshopName: string }) => request<Settings>('PUT', '/api/settings', body),
  },
  stats: () => request<Stats>('GET', '/api/stats'),
  auth: {
    me: () => request<{ user: User }>('GET', '/api/auth/me'),
    signIn: (email: string, password: string) => request<{ user: User }>('POST', '/api/auth/login', { email, password }),
    signOut: () => request<void>('POST', '/api/auth/logout'),
    setupNeeded: async () => (await request<{ needed: boolean }>('GET', '/api/setup')).needed,
    setUp: (body: { name: string; email: string; password: string }) => request<User>('POST', '/api/setup', body),
  },
  users: {
    list: () => request<Page<User>>('GET', '/api/users'),
    get: (id: number) => request<User>('GET', `/api/users/${id}`),
    create: (body: { name: string; email: string; role: Role; password: string }) => request<User>('POST', '/api/users', body),
    update: (id: number, body: Partial<{ name: string; email: string; role: Role; active: boolean; password: string }>) => request<User>('PATCH', `/api/users/${id}`, body),
    remove: (id: number) => request<void>('DELETE', `/api/users/${id}`),
  },
  tokens: {
    list: () => request<Page<ApiToken>>('GET', '/api/tokens'),
    create: (body: { name: string; role: Role; expiresAt?: string }) => request<NewApiToken>('POST', '/api/tokens', body),
    revoke: (id: number) => request<void>('DELETE', `/api/tokens/${id}`),
  },
  /** CSV files (API.md v2): where a list's export downloads from, and an import (a dry run only checks). */
  csv: {
    exportUrl: (name: CsvCollection, query: Query = {}) => `${config.apiBaseUrl}/api/${name}.csv${toSearch(query)}`,
    import: (name: CsvCollection, file: Blob | string, dryRun: boolean) =>
      request<ImportResult>('POST', `/api/import/${name}${dryRun ? '?dryRun=true' : ''}`, new Raw('text/csv', file)),
  },
  audit: (query: Query = {}) => request<Page<AuditEntry>>('GET', `/api/audit${toSearch(query)}`),
};
