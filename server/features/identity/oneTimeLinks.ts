import {
  type OneTimeLinkPurpose,
  SETUP_LINK_TTL_MS,
  SIGN_IN_LINK_TTL_MS,
} from '../../../shared/identity/oneTimeLinks.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { newSecret, sha256 } from './crypto.ts'

/** A one-time link as the server finds it (never its secret). */
export interface LiveOneTimeLink {
  id: string
  purpose: OneTimeLinkPurpose
  userId: string | null
  expiresAt: number
}

/**
 * Creates a one-time link and returns its secret (shown once; only its hash is stored). A new
 * link replaces the unused ones of the same account (or, for set-up, every earlier set-up
 * link), so only the latest link handed out works.
 */
export async function createOneTimeLink(
  db: AppKysely,
  link: { purpose: OneTimeLinkPurpose; userId: string | null; createdBy: string | null },
  now = Date.now(),
): Promise<{ secret: string; expiresAt: number }> {
  const secret = newSecret()
  const ttl = link.purpose === 'setup' ? SETUP_LINK_TTL_MS : SIGN_IN_LINK_TTL_MS
  const expiresAt = now + ttl
  let stale = db.deleteFrom('oneTimeLinks').where('usedAt', 'is', null)
  stale =
    link.userId === null
      ? stale.where('purpose', '=', link.purpose).where('userId', 'is', null)
      : stale.where('userId', '=', link.userId)
  await stale.execute()
  await db
    .insertInto('oneTimeLinks')
    .values({ id: sha256(secret), ...link, createdAt: now, expiresAt, usedAt: null })
    .execute()
  return { secret, expiresAt }
}

/** The unused, unexpired link with this secret; null if none. */
export async function findLiveOneTimeLink(
  db: AppKysely,
  secret: string,
  now = Date.now(),
): Promise<LiveOneTimeLink | null> {
  const row = await db
    .selectFrom('oneTimeLinks')
    .select(['id', 'purpose', 'userId', 'expiresAt'])
    .where('id', '=', sha256(secret))
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst()
  return row ?? null
}

/**
 * Marks a link used; false when it was used (or expired) meanwhile, so that of two requests
 * racing with one link only one succeeds. Run it in the transaction that does the link's work.
 */
export async function consumeOneTimeLink(
  db: AppKysely,
  linkId: string,
  now = Date.now(),
): Promise<boolean> {
  const used = await db
    .updateTable('oneTimeLinks')
    .set({ usedAt: now })
    .where('id', '=', linkId)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning('id')
    .execute()
  return used.length > 0
}

/** Links inserted per multi-row INSERT by {@link createOneTimeLinks}. */
const LINKS_PER_INSERT = 500

/**
 * {@link createOneTimeLink} for many accounts at once (a teacher import): replaces their
 * unused links and inserts the new ones in chunks. Returns the secrets in the order given.
 */
export async function createOneTimeLinks(
  db: AppKysely,
  links: readonly { purpose: 'sign_in'; userId: string; createdBy: string | null }[],
  now = Date.now(),
): Promise<{ secret: string; expiresAt: number }[]> {
  const expiresAt = now + SIGN_IN_LINK_TTL_MS
  const made: { secret: string; expiresAt: number }[] = []
  for (let start = 0; start < links.length; start += LINKS_PER_INSERT) {
    const chunk = links.slice(start, start + LINKS_PER_INSERT)
    await db
      .deleteFrom('oneTimeLinks')
      .where('usedAt', 'is', null)
      .where(
        'userId',
        'in',
        chunk.map((link) => link.userId),
      )
      .execute()
    const rows = chunk.map((link) => {
      const secret = newSecret()
      made.push({ secret, expiresAt })
      return { id: sha256(secret), ...link, createdAt: now, expiresAt, usedAt: null }
    })
    await db.insertInto('oneTimeLinks').values(rows).execute()
  }
  return made
}
