import { oneTimeLinkUrl } from '../../../shared/identity/oneTimeLinks.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { createOneTimeLink } from './oneTimeLinks.ts'

/** Whether any account exists (the alliance is set up once one does). */
export async function anyUserExists(db: AppKysely): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  return row !== undefined
}

/**
 * On a database without any account, creates a fresh set-up link (voiding earlier ones) and
 * returns its URL under `origin`; null once someone has an account.
 */
export async function issueSetupLinkIfEmpty(db: AppKysely, origin: string): Promise<string | null> {
  if (await anyUserExists(db)) return null
  const { secret } = await createOneTimeLink(db, {
    purpose: 'setup',
    userId: null,
    createdBy: null,
  })
  return oneTimeLinkUrl(origin, 'setup', secret)
}

/** The origin printed links use: `PUBLIC_URL`, else `http://<host>:<port>` (localhost for any-address binds). */
export function printedOrigin(publicUrl: string | undefined, host: string, port: number): string {
  if (publicUrl) return publicUrl
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}
