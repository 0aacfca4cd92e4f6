import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w api -- --name <step>` writes the next SQL migration from src/db/schema.ts.
// No database is needed to generate; migrations are applied by the API at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
