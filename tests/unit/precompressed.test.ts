import { describe, expect, it } from 'vitest'
import { PRECOMPRESSIONS, pickEncoding } from '../../server/http/precompressed.ts'

describe('pickEncoding', () => {
  const pick = (header: string | undefined) => pickEncoding(header, PRECOMPRESSIONS)?.encoding

  it('prefers brotli, honours quality values and refusals', () => {
    expect(pick('gzip, deflate, br')).toBe('br')
    expect(pick('gzip')).toBe('gzip')
    expect(pick('br;q=0.4, gzip;q=0.8')).toBe('gzip')
    expect(pick('br;q=0, gzip')).toBe('gzip')
    expect(pick('*')).toBe('br')
    expect(pick('*;q=0')).toBeUndefined()
    expect(pick('identity')).toBeUndefined()
    expect(pick(undefined)).toBeUndefined()
    expect(pickEncoding('gzip, br', [])).toBeNull()
  })
})
