import {
  DOCUMENTS_PER_DAY,
  DOCUMENTS_PER_HOUR,
  UPLOAD_BYTES_PER_DAY,
  UPLOADS_PER_DAY,
} from '../../shared/limits.ts'
import type { AppKysely } from '../db/kysely.ts'
import { DomainError } from '../domainError.ts'

const HOUR_MS = 3600_000
const DAY_MS = 24 * HOUR_MS

/** 429 `quota_exceeded`, with the window's length as Retry-After (an upper bound). */
function quotaExceeded(message: string, windowMs: number): DomainError {
  return new DomainError('quota_exceeded', message, Math.ceil(windowMs / 1000))
}

/** Documents the user created since `since` (deleted ones count: deleting gives no room). */
async function documentsCreatedSince(
  db: AppKysely,
  userId: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ownerId', '=', userId)
    .where('createdAt', '>', since)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** How many documents one user may create (operators may raise it, e.g. for an import). */
export interface DocumentQuota {
  perHour: number
  perDay: number
}

/** The quota of a server started without settings (shared/limits.ts). */
export const DEFAULT_DOCUMENT_QUOTA: DocumentQuota = {
  perHour: DOCUMENTS_PER_HOUR,
  perDay: DOCUMENTS_PER_DAY,
}

/** 429 when the user already created the documents allowed this hour or this day. */
export async function requireDocumentQuota(
  db: AppKysely,
  userId: string,
  quota: DocumentQuota = DEFAULT_DOCUMENT_QUOTA,
): Promise<void> {
  const now = Date.now()
  if ((await documentsCreatedSince(db, userId, now - HOUR_MS)) >= quota.perHour) {
    throw quotaExceeded(
      `You can create at most ${quota.perHour} documents per hour; please try again later`,
      HOUR_MS,
    )
  }
  if ((await documentsCreatedSince(db, userId, now - DAY_MS)) >= quota.perDay) {
    throw quotaExceeded(
      `You can create at most ${quota.perDay} documents per day; please try again tomorrow`,
      DAY_MS,
    )
  }
}

/** 429 when this upload of `bytes` would pass the user's daily count or bytes of images. */
export async function requireUploadQuota(
  db: AppKysely,
  userId: string,
  bytes: number,
): Promise<void> {
  const row = await db
    .selectFrom('uploads')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number | string | null>('bytes').as('bytes'),
    ])
    .where('ownerId', '=', userId)
    .where('createdAt', '>', Date.now() - DAY_MS)
    .executeTakeFirst()
  if (Number(row?.n ?? 0) >= UPLOADS_PER_DAY) {
    throw quotaExceeded(`You can upload at most ${UPLOADS_PER_DAY} images per day`, DAY_MS)
  }
  if (Number(row?.bytes ?? 0) + bytes > UPLOAD_BYTES_PER_DAY) {
    throw quotaExceeded(
      `You can upload at most ${UPLOAD_BYTES_PER_DAY / (1024 * 1024)} MiB of images per day`,
      DAY_MS,
    )
  }
}
