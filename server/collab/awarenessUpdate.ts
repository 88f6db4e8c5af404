import * as decoding from 'lib0/decoding'

/** One entry of an awareness update: a client's clock and state (null = gone). */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
}

/**
 * Decodes a whole awareness update without applying it, so that an update with one bad entry
 * is rejected as a whole instead of being half applied. Throws on anything malformed.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state: unknown = JSON.parse(decoding.readVarString(decoder))
    entries.push({ clientId, clock, state })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness entries')
  return entries
}
