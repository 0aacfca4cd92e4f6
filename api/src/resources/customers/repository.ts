import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { customers, phoneDigits } from '../../db/schema.ts';
import { CollectionRepository } from '../common/repository.ts';
import { CustomerBodies, type CustomerCreate, type CustomerPatch } from './schemas.ts';

/** `q` as phone digits when it looks like (part of) a phone number: `0812-3456` → `08123456`. */
const asPhoneDigits = (q: string) => (/^[0-9 +()-]*[0-9][0-9 +()-]*$/.test(q) ? q.replace(/[^0-9]/g, '') : undefined);

export class CustomerRepository extends CollectionRepository<typeof customers, CustomerCreate, CustomerPatch> {
  constructor(database: Database) {
    super(database, {
      name: 'customers',
      table: customers,
      search: [
        customers.name,
        customers.email,
        customers.phone,
        // Punctuation in phone numbers is ignored: `08123456` finds `0812-3456-7890`.
        { key: 'phoneDigits', expression: phoneDigits(sql`${customers.phone}`), text: asPhoneDigits },
      ],
      caseInsensitive: ['name', 'email', 'address', 'notes'],
      replaceDefaults: CustomerBodies.replaceDefaults,
    });
  }
}
