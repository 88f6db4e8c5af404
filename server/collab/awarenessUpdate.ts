import * as decoding from 'lib0/decoding'
import { CloseCode } from '../../shared/closeCodes.ts'
import { MAX_AWARENESS_DEPTH, MAX_AWARENESS_STATE_BYTES } from '../../shared/limits.ts'
import type { AwarenessState } from '../../shared/protocolMessages.ts'
import { ProtocolViolation } from './ProtocolViolation.ts'

/** One entry of an awareness update: a client's clock and state (null = gone). */
export type AwarenessEntry = AwarenessState

/** A presence state a client may not send: closes its connection with InvalidPresence. */
function rejected(reason: string): ProtocolViolation {
  return new ProtocolViolation(CloseCode.InvalidPresence, reason)
}

/** Reads every entry of an awareness update, each state's UTF-8 JSON bytes through `readState`. */
function readEntries(
  update: Uint8Array,
  readState: (bytes: Uint8Array) => unknown,
): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    entries.push({ clientId, clock, state: readState(decoding.readVarUint8Array(decoder)) })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness entries')
  return entries
}

const utf8 = new TextDecoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Decodes a whole awareness update without applying it, so that an update with one bad entry
 * is rejected as a whole instead of being half applied. Throws on anything malformed.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  return readEntries(update, (bytes) => JSON.parse(utf8.decode(bytes)))
}

/**
 * Nesting depth of a JSON text, found without parsing it (so without recursion: a state nested
 * thousands of levels deep parses, but the relay's JSON.stringify would overflow the stack).
 */
export function jsonDepth(json: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let index = 0; index < json.length; index++) {
    const code = json.charCodeAt(index)
    if (inString) {
      if (code === 0x5c)
        index++ // backslash: skip the escaped character
      else if (code === 0x22) inString = false
    } else if (code === 0x22) {
      inString = true
    } else if (code === 0x7b || code === 0x5b) {
      depth++
      if (depth > deepest) deepest = depth
    } else if (code === 0x7d || code === 0x5d) {
      depth--
    }
  }
  return deepest
}

/**
 * Decodes an awareness update that a client sent, refusing states larger than
 * `MAX_AWARENESS_STATE_BYTES`, nested deeper than `MAX_AWARENESS_DEPTH` or that are neither an
 * object nor null (a ProtocolViolation with InvalidPresence). Other malformed input throws a plain Error.
 */
export function decodeClientAwareness(update: Uint8Array): AwarenessEntry[] {
  return readEntries(update, checkedClientState)
}

/** A client's presence state, parsed only once it is known to be small and shallow enough. */
function checkedClientState(bytes: Uint8Array): unknown {
  if (bytes.byteLength > MAX_AWARENESS_STATE_BYTES) {
    throw rejected(`presence state of ${bytes.byteLength} bytes is too large`)
  }
  const json = strictUtf8.decode(bytes)
  if (jsonDepth(json) > MAX_AWARENESS_DEPTH) throw rejected('presence state is nested too deeply')
  const state: unknown = JSON.parse(json)
  if (typeof state !== 'object') throw rejected('presence state is not an object')
  return state
}
