import zlib from 'node:zlib'
import { DomainError } from '../../../domainError.ts'

/** Largest Word file accepted for import, in bytes. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

/** Largest sum of the unpacked sizes of the parts of a Word file (document, media …). */
export const MAX_UNPACKED_BYTES = 120 * 1024 * 1024

/** Largest unpacked word/document.xml. */
export const MAX_DOCUMENT_XML_BYTES = 40 * 1024 * 1024

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  magic.every((byte, index) => bytes[index] === byte)

const notWord = (): DomainError =>
  new DomainError('docx_not_word', 'The file is not a .docx Word file')

/** One entry of a zip's central directory. */
interface ZipEntry {
  name: string
  unpacked: number
  /** Compression method (0 stored, 8 deflate). */
  method: number
  /** Compressed size. */
  packed: number
  /** Offset of its local header. */
  offset: number
}

/** The entries of a zip's central directory, read from its end record; throws on a broken zip. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lowest = Math.max(0, bytes.length - 22 - 0xffff)
  let end = -1
  for (let at = bytes.length - 22; at >= lowest; at -= 1) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at
      break
    }
  }
  if (end < 0) throw notWord()
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const entries: ZipEntry[] = []
  const decoder = new TextDecoder()
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw notWord()
    const unpacked = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    // 0xffffffff means the real size is in a zip64 record: larger than anything accepted.
    entries.push({
      name,
      unpacked: unpacked === 0xffffffff ? Number.POSITIVE_INFINITY : unpacked,
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      offset: view.getUint32(at + 42, true),
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

const unpackedTooLarge = (): DomainError =>
  new DomainError('docx_unpacked_too_large', 'The Word file is too large once unpacked')

/**
 * Inflates an entry with a cap on its output, so a size the directory understates cannot
 * unpack past `limit` (throws 413); a broken entry is a 422.
 */
function checkInflated(bytes: Uint8Array, entry: ZipEntry, limit: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== 0x04034b50) {
    throw notWord()
  }
  const start =
    entry.offset +
    30 +
    view.getUint16(entry.offset + 26, true) +
    view.getUint16(entry.offset + 28, true)
  const data = bytes.subarray(start, start + entry.packed)
  if (entry.method === 0) {
    if (data.byteLength > limit) throw unpackedTooLarge()
    return
  }
  if (entry.method !== 8) throw notWord()
  try {
    zlib.inflateRawSync(data, { maxOutputLength: limit })
  } catch (error) {
    if (error instanceof RangeError) throw unpackedTooLarge()
    throw notWord()
  }
}

/**
 * Refuses, before anything unpacks it, a file that is too large (413), an encrypted or old
 * .doc file (OLE compound file, 422), anything that is not a zip holding word/document.xml
 * (422), and a zip whose parts would unpack past the limits (413, a zip bomb).
 */
export function checkDocxBytes(bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new DomainError('docx_too_large', 'Word files may be at most 20 MiB')
  }
  if (startsWith(bytes, OLE)) {
    throw new DomainError('docx_encrypted', 'The file is encrypted or an old .doc file')
  }
  if (!startsWith(bytes, ZIP_LOCAL)) throw notWord()
  const entries = zipEntries(bytes)
  const document = entries.find((entry) => entry.name === 'word/document.xml')
  if (!document) throw notWord()
  const total = entries.reduce((sum, entry) => sum + entry.unpacked, 0)
  if (document.unpacked > MAX_DOCUMENT_XML_BYTES || total > MAX_UNPACKED_BYTES) {
    throw unpackedTooLarge()
  }
  // The directory's sizes are the sender's word: inflate the document itself under the cap.
  checkInflated(bytes, document, MAX_DOCUMENT_XML_BYTES)
}
