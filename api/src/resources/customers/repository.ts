import type { Database } from '../../db/client.ts';
import { customers } from '../../db/schema.ts';
import { CollectionRepository } from '../common/repository.ts';
import { CustomerBodies } from './schemas.ts';

export class CustomerRepository extends CollectionRepository<typeof customers> {
  constructor(database: Database) {
    super(database, {
      name: 'customers',
      table: customers,
      search: [customers.name, customers.email, customers.phone],
      sort: {
        id: customers.id,
        name: customers.name,
        email: customers.email,
        createdAt: customers.createdAt,
        updatedAt: customers.updatedAt,
      },
      caseInsensitive: ['name', 'email'],
      replaceDefaults: CustomerBodies.replaceDefaults,
    });
  }
}
