import { customType } from 'drizzle-orm/pg-core'

/** PostgreSQL `bytea` as a Node Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
})

/** PostgreSQL `tsvector` (full-text search document), written as SQL and never read back. */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
})
