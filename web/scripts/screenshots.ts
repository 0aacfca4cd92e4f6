// `npm run screenshots -w web`: the real stack (API on PostgreSQL, nginx, Chromium) with a
// small demo workshop, and a screenshot of each page, desktop and phone, in docs/screenshots/.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStack } from '../test/e2e/harness.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
mkdirSync(OUT, { recursive: true });

const stack = await startStack();
try {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${stack.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify(body) });
    return (await response.json()) as { id: number };
  };
  const patch = (path: string, body: unknown) => fetch(`${stack.api}${path}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: JSON.stringify(body) });
  const people = [
    ['Budi Santoso', 'budi@example.com', '+62 812 1111 2222'],
    ['Siti Rahayu', 'siti@example.com', '+62 813 3333 4444'],
    ['Agus Wijaya', 'agus@example.com', '+62 815 5555 6666'],
  ] as const;
  const cars = [
    ['B 1234 XYZ', 'Toyota', 'Avanza', 2019],
    ['D 4321 ABC', 'Honda', 'Jazz', 2021],
    ['F 777 QQ', 'Suzuki', 'Ertiga', 2017],
  ] as const;
  let firstVehicle = 0;
  let firstService = 0;
  for (const [i, [name, email, phone]] of people.entries()) {
    const customer = await post('/api/customers', { name, email, phone, address: `Jl. Merdeka No. ${i + 1}, Bandung` });
    const [plateNumber, make, model, year] = cars[i]!;
    const vehicle = await post('/api/vehicles', { customerId: customer.id, plateNumber, make, model, year, color: 'Silver' });
    firstVehicle ||= vehicle.id;
    const jobs = [['Oil change and filter', 350000], ['Brake pads, front', 850000], ['Air-con service', 450000]] as const;
    for (const [j, [description, cost]] of jobs.entries()) {
      const at = new Date(Date.now() + (j - 1) * 86_400_000 + i * 3_600_000).toISOString();
      const service = await post('/api/services', { vehicleId: vehicle.id, description, cost, scheduledAt: at, mechanic: 'Joko' });
      firstService ||= service.id;
      if (j === 0) {
        await patch(`/api/services/${service.id}`, { status: 'in_progress' });
        await patch(`/api/services/${service.id}`, { status: 'completed' });
      }
    }
  }
  const pages = [
    ['dashboard', '/'],
    ['customers', '/customers'],
    ['customer', '/customers/1'],
    ['customer-form', '/customers/new'],
    ['vehicles', '/vehicles'],
    ['vehicle', `/vehicles/${firstVehicle}`],
    ['services', '/services'],
    ['service', `/services/${firstService + 1}`],
  ] as const;
  for (const [viewport, size] of [['desktop', { width: 1280, height: 860 }], ['phone', { width: 360, height: 740 }]] as const) {
    const context = await stack.newContext({ viewport: size, locale: 'en-US' });
    const page = await context.newPage();
    for (const [name, path] of pages) {
      if (viewport === 'phone' && !['dashboard', 'customers', 'service'].includes(name)) continue;
      await page.goto(`${stack.web}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${OUT}${name}-${viewport}.png`, fullPage: viewport === 'desktop' });
    }
    await context.close();
  }
  console.log(`screenshots in ${OUT}`);
} finally {
  await stack.stop();
}
