import type { JSONContent } from '@tiptap/core'
import type { AppKysely } from '../../../db/kysely.ts'
import type { DocumentVersionInfo } from '../../../storage/DocumentStore.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
} from '../../documents/index.ts'
import { EXTENSION_OF, loadUpload, readUploadFile, UPLOAD_NAME } from '../../uploads/index.ts'
import { imageSources, type LoadedImage } from './blocks.ts'
import { type DocxImageType, imageSize } from './imageSize.ts'
import type { PlanSignOff } from './planDocx.ts'

const DOCX_TYPE: Partial<Record<string, DocxImageType>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
}

/** The name of a document's school ('' when it has none). */
export async function schoolName(db: AppKysely, schoolId: string): Promise<string> {
  const row = await db
    .selectFrom('schools')
    .select('name')
    .where('id', '=', schoolId)
    .executeTakeFirst()
  return row?.name ?? ''
}

/** The date of a timestamp as YYYY-MM-DD in Beijing time. */
export function beijingDate(at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(at))
}

/** The sign-off of a signed common plan (共案 vN, who, when), or null. */
export async function signOffOf(db: AppKysely, documentId: string): Promise<PlanSignOff | null> {
  const lifecycle = await db
    .selectFrom('planLifecycle')
    .select(['signedVersionId', 'signedBy', 'signedAt'])
    .where('documentId', '=', documentId)
    .executeTakeFirst()
  if (!lifecycle?.signedVersionId || !lifecycle.signedBy) return null
  const version = await db
    .selectFrom('documentVersions')
    .select(['name', 'createdAt'])
    .where('id', '=', lifecycle.signedVersionId)
    .executeTakeFirst()
  const signer = await db
    .selectFrom('users')
    .select('displayName')
    .where('id', '=', lifecycle.signedBy)
    .executeTakeFirst()
  const n = Number(/v(\d+)\s*$/.exec(version?.name ?? '')?.[1] ?? 1)
  return {
    version: n,
    by: signer?.displayName ?? '',
    date: beijingDate(lifecycle.signedAt ?? version?.createdAt ?? Date.now()),
  }
}

/** The sign-off a saved version carries: set for a 共案签发 vN milestone, else null. */
export async function versionSignOff(
  db: AppKysely,
  version: Pick<DocumentVersionInfo, 'milestone' | 'name' | 'createdBy' | 'createdAt'>,
): Promise<PlanSignOff | null> {
  if (version.milestone !== 'signed' || !version.createdBy) return null
  const signer = await db
    .selectFrom('users')
    .select('displayName')
    .where('id', '=', version.createdBy)
    .executeTakeFirst()
  return {
    version: Number(/v(\d+)\s*$/.exec(version.name)?.[1] ?? 1),
    by: signer?.displayName ?? '',
    date: beijingDate(version.createdAt),
  }
}

async function loadImage(
  db: AppKysely,
  uploadsDir: string,
  subject: AccessSubject,
  planId: string | null,
  src: string,
): Promise<LoadedImage | null> {
  const match = /^\/uploads\/(.+)$/.exec(src)
  const name = match ? UPLOAD_NAME.exec(match[1] ?? '') : null
  if (!name) return null
  const [, id, extension] = name
  const row = await loadUpload(db, id ?? '')
  const type = row ? DOCX_TYPE[row.mime] : undefined
  if (!row || !type || EXTENSION_OF[row.mime] !== extension) return null
  if (row.documentId !== planId) {
    const owner = await loadDocumentRow(db, row.documentId)
    if (!owner || documentPermission(subject, owner) === 'none') return null
  }
  const bytes = await readUploadFile(uploadsDir, `${row.id}.${extension}`)
  const size = bytes ? imageSize(bytes, type) : null
  return bytes && size ? { data: new Uint8Array(bytes), type, size } : null
}

/**
 * The uploaded images of a plan the subject may see, by `src` (those of `planId`, which the
 * caller checked, and those of other documents the subject may view). Images from other sites
 * are not fetched (the server does not make requests on a plan's behalf): their alt text stands in.
 */
export async function loadPlanImages(
  db: AppKysely,
  uploadsDir: string,
  subject: AccessSubject,
  planId: string | null,
  json: JSONContent,
): Promise<Map<string, LoadedImage>> {
  const images = new Map<string, LoadedImage>()
  for (const src of new Set(imageSources(json))) {
    const image = await loadImage(db, uploadsDir, subject, planId, src)
    if (image) images.set(src, image)
  }
  return images
}

/** A text made safe for a file name (no path or reserved characters). */
export function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').trim()
}

/**
 * The file name of an exported plan, e.g. 七年级数学-一元一次方程-共案v3 (no extension);
 * `suffix` names what else it is (a version, a library entry).
 */
export function exportBaseName(
  doc: Pick<AccessibleDocumentRow, 'grade' | 'subject' | 'lesson' | 'title'>,
  lessonTitle: string,
  signOff: PlanSignOff | null,
  suffix = '',
): string {
  const parts = [
    safeName(`${doc.grade}${doc.subject}`),
    safeName(lessonTitle || doc.lesson || doc.title) || '教案',
    signOff ? `共案v${signOff.version}` : safeName(suffix),
  ]
  return parts.filter((part) => part !== '').join('-')
}

/** A `Content-Disposition: attachment` value with an ASCII fallback and the RFC 5987 name. */
export function attachmentDisposition(fallback: string, name: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
