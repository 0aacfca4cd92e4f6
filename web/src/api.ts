// The only module that calls fetch. Every failure becomes an ApiError carrying the API's
// problem details, so pages can show field errors and explain conflicts.

import { config } from './config.ts';
import type { Customer, Page, Problem, Service, Stats, Vehicle } from './types.ts';

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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${config.apiBaseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ title: 'Network error', status: 0, detail: '', code: 'network' });
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = (data ?? {}) as Partial<Problem>;
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

type Editable<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt' | 'completedAt'>;

export const api = {
  customers: {
    ...collection<Customer, Editable<Customer>>('customers'),
    vehicles: (id: number, query: Query = {}) => request<Page<Vehicle>>('GET', `/api/customers/${id}/vehicles${toSearch(query)}`),
  },
  vehicles: {
    ...collection<Vehicle, Editable<Vehicle>>('vehicles'),
    services: (id: number, query: Query = {}) => request<Page<Service>>('GET', `/api/vehicles/${id}/services${toSearch(query)}`),
  },
  services: collection<Service, Editable<Service>>('services'),
  stats: () => request<Stats>('GET', '/api/stats'),
};
