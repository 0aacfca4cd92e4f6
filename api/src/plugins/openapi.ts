// The OpenAPI 3.1 document, generated from the route schemas that validate requests, served
// at /api/openapi.json, with a page to read it at /api/docs. Client generators and validating
// proxies take it as it is: a test lints it with Spectral's `oas` ruleset.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const openapi = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Bengkel API',
          version: '2.0.0',
          contact: { name: 'Bengkel maintainers' },
          license: { name: 'MIT', identifier: 'MIT' },
          description:
            'Customers, their vehicles and the service work done on them. Errors are application/problem+json (RFC 9457).',
        },
        // Paths carry their /api prefix: the API itself, or the web app's origin, which passes /api/ on.
        servers: [{ url: '/', description: 'the server this document came from' }],
        tags: [
          { name: 'Customer', description: 'People and companies who bring vehicles in' },
          { name: 'Vehicle', description: 'Vehicles, each owned by one customer' },
          { name: 'Service', description: 'Service records (work orders) on a vehicle, and their lines: parts, labour, fees' },
          { name: 'Invoices', description: 'Invoices of completed services, and their payments' },
          { name: 'Reminders', description: 'What each vehicle is due next, by date or mileage, and a message to its owner' },
          { name: 'Import and export', description: 'Customers, vehicles and services as CSV files: exported, and imported all or nothing' },
          { name: 'Settings', description: "The workshop's details, tax rate, currency and invoice prefix" },
          { name: 'Stats', description: 'Figures for the dashboard' },
          { name: 'Operations', description: 'Health, readiness, metrics' },
          { name: 'Accounts', description: 'Who may use Bengkel: the first run, users, sign-in, API tokens, the audit log' },
        ],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { deepLinking: true } });
    app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
