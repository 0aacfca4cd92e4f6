// Small factories for test data, each unique so that tests never collide.

import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.ts';

let counter = 0;
export const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 4)}`.toUpperCase();

export async function createCustomer(t: TestApp, fields: Record<string, unknown> = {}) {
  const reply = await t.post('/api/customers', { name: `Customer ${unique()}`, email: `${unique().toLowerCase()}@example.com`, ...fields });
  if (reply.status !== 201) throw new Error(`customer not created: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: number; name: string; email: string | null };
}

export async function createVehicle(t: TestApp, customerId: number, fields: Record<string, unknown> = {}) {
  const reply = await t.post('/api/vehicles', { customerId, plateNumber: `B ${unique().slice(-8)}`, make: 'Toyota', model: 'Avanza', ...fields });
  if (reply.status !== 201) throw new Error(`vehicle not created: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: number; plateNumber: string; customerId: number };
}

export async function createService(t: TestApp, vehicleId: number, fields: Record<string, unknown> = {}) {
  const reply = await t.post('/api/services', { vehicleId, description: 'Oil change', ...fields });
  if (reply.status !== 201) throw new Error(`service not created: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: number; status: string; cost: number; completedAt: string | null };
}

/** Everything stored, for asserting that a failed request changed nothing. */
export async function snapshot(t: TestApp) {
  const all = async (name: string) => (await t.get(`/api/${name}?limit=200&sort=id`)).body;
  return { customers: await all('customers'), vehicles: await all('vehicles'), services: await all('services') };
}
