import type { Writable } from 'node:stream'

/** First header byte of a complete (FIN) binary websocket frame. */
const FIN_BINARY = 0x82

/**
 * Frames at most this large are kept for the next send (a relay's other recipients); larger
 * payloads are written after their header without a copy (see binaryFrameHeader).
 */
const REUSE_MAX_BYTES = 64 * 1024

let lastPayload: Uint8Array | null = null
let lastFrame: Buffer | null = null

/**
 * The websocket frame (RFC 6455 section 5.2) a server sends to carry `payload` as one binary
 * message: unmasked, uncompressed, so the same bytes serve every client.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength
  const frame = Buffer.allocUnsafe(headerLength(length) + length)
  writeHeader(frame, length)
  frame.set(payload, headerLength(length))
  return frame
}

function headerLength(length: number): number {
  return length < 126 ? 2 : length < 0x10000 ? 4 : 10
}

/**
 * The frame header alone, for a large payload written after it as it is: the payload is not
 * copied, so one encoded message queued for many slow clients takes its memory once.
 */
export function binaryFrameHeader(length: number): Buffer {
  const header = Buffer.allocUnsafe(headerLength(length))
  writeHeader(header, length)
  return header
}

function writeHeader(frame: Buffer, length: number): void {
  frame[0] = FIN_BINARY
  if (length < 126) {
    frame[1] = length
  } else if (length < 0x10000) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeUInt16BE(0, 2)
    frame.writeUIntBE(length, 4, 6)
  }
}

/**
 * `binaryFrame(payload)`, built once when the same message goes to many clients in a row (a
 * relay sends one encoded message to every connection of a document).
 */
export function sharedBinaryFrame(payload: Uint8Array): Buffer {
  if (payload === lastPayload && lastFrame) return lastFrame
  const frame = binaryFrame(payload)
  if (payload.byteLength <= REUSE_MAX_BYTES) {
    lastPayload = payload
    lastFrame = frame
  }
  return frame
}

/**
 * Writes `payload` to `transport` as one binary frame: small ones through `sharedBinaryFrame`,
 * large ones as a header followed by the payload itself (no copy per recipient).
 */
export function writeBinaryFrame(transport: Writable, payload: Uint8Array): void {
  if (payload.byteLength <= REUSE_MAX_BYTES) {
    transport.write(sharedBinaryFrame(payload))
    return
  }
  transport.cork()
  transport.write(binaryFrameHeader(payload.byteLength))
  transport.write(payload)
  transport.uncork()
}
