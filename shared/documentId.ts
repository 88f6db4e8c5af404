import { MAX_DOCUMENT_ID_LENGTH } from './limits.ts'

const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]+$/

/** Whether `id` is an acceptable opaque document id (letters, digits, `_`, `-`). */
export function isValidDocumentId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_DOCUMENT_ID_LENGTH && DOCUMENT_ID_PATTERN.test(id)
}
