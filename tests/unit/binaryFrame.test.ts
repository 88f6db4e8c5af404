import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { binaryFrame, writeBinaryFrame } from '../../server/collab/binaryFrame.ts'

/** A writable that keeps every chunk it is given, as given. */
function recorder(): { stream: Writable; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = []
  const stream = new Writable({
    write(chunk: Uint8Array, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  return { stream, chunks }
}

describe('writeBinaryFrame', () => {
  it.each([5, 200, 70_000, 5_000_000])(
    'writes the same bytes as binaryFrame (%i bytes)',
    (size) => {
      const payload = new Uint8Array(size).map((_, index) => index % 251)
      const { stream, chunks } = recorder()
      writeBinaryFrame(stream, payload)
      expect(Buffer.concat(chunks).equals(binaryFrame(payload))).toBe(true)
    },
  )

  it('writes a large payload itself after its header, without copying it for each recipient', () => {
    const payload = new Uint8Array(1_000_000)
    const first = recorder()
    const second = recorder()
    writeBinaryFrame(first.stream, payload)
    writeBinaryFrame(second.stream, payload)
    for (const { chunks } of [first, second]) {
      expect(chunks).toHaveLength(2)
      expect(chunks[1]?.buffer).toBe(payload.buffer)
    }
  })
})
