import type { FastifyInstance } from 'fastify';
import { registerCollection } from '../common/routes.ts';
import { Customer, CustomerBodies, CustomerListQuery } from './schemas.ts';

export default async function customerRoutes(app: FastifyInstance) {
  registerCollection(app, {
    name: 'customers',
    title: 'Customer',
    item: Customer,
    bodies: CustomerBodies,
    query: CustomerListQuery,
    repository: app.repositories.customers,
  });
}
