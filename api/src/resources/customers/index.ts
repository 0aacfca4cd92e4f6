// Customers: the people and companies who bring vehicles in. The whole resource as one plugin:
// its repository, what its constraints mean to a client, and its routes.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerCollection } from '../common/routes.ts';
import { CustomerRepository } from './repository.ts';
import { Customer, CustomerBodies, CustomerListQuery } from './schemas.ts';

declare module 'fastify' {
  interface FastifyInstance {
    customers: CustomerRepository;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    const customers = new CustomerRepository(app.database);
    app.decorate('customers', customers);
    app.describeConstraints({
      customers_email_key: { duplicate: { field: '/email', detail: 'Another customer already has this email address' } },
    });
    registerCollection(app, {
      name: 'customers',
      title: 'Customer',
      item: Customer,
      bodies: CustomerBodies,
      query: CustomerListQuery,
      repository: customers,
    });
  },
  { name: 'customers', dependencies: ['database', 'cache', 'problems'] },
);
