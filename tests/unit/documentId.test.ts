import { describe, expect, it } from 'vitest'
import { documentIdFromPath } from '../../server/collab/collabEndpoint.ts'
import { isValidDocumentId } from '../../shared/documentId.ts'
import { MAX_DOCUMENT_ID_LENGTH } from '../../shared/limits.ts'

describe('document ids', () => {
  it('accepts opaque ids of letters, digits, underscore and dash', () => {
    expect(isValidDocumentId('plan_01-AbC')).toBe(true)
    expect(isValidDocumentId('x'.repeat(MAX_DOCUMENT_ID_LENGTH))).toBe(true)
  })

  it('rejects empty, too long, and ids with other characters', () => {
    expect(isValidDocumentId('')).toBe(false)
    expect(isValidDocumentId('x'.repeat(MAX_DOCUMENT_ID_LENGTH + 1))).toBe(false)
    expect(isValidDocumentId('a/b')).toBe(false)
    expect(isValidDocumentId('a b')).toBe(false)
    expect(isValidDocumentId('..')).toBe(false)
    expect(isValidDocumentId('教案')).toBe(false)
  })

  it('are read from /collab/<id> paths, ignoring the query string', () => {
    expect(documentIdFromPath('/collab/plan-1')).toBe('plan-1')
    expect(documentIdFromPath('/collab/plan-1?token=secret')).toBe('plan-1')
    expect(documentIdFromPath('/collab/a%20b')).toBe('a b')
    expect(documentIdFromPath('/collab/')).toBe('')
    expect(documentIdFromPath('/other/plan-1')).toBeNull()
    expect(documentIdFromPath(undefined)).toBeNull()
  })
})
