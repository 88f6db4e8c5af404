import { defineConfig } from 'drizzle-kit'

/** drizzle-kit settings of the PostgreSQL driver: `npm run db:generate:pg`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/pg/schema.ts',
  out: './server/db/pg/migrations',
})
