import type { UploadRow } from '../../db/schema.ts'

/** An accepted image type. */
export type ImageMime = UploadRow['mime']

/** File extension of each accepted image type. */
export const EXTENSION_OF: Readonly<Record<ImageMime, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

/** `<22-character id>.<extension>`: the only names `/uploads/` serves. */
export const UPLOAD_NAME = /^([A-Za-z0-9_-]{22})\.(png|jpg|gif|webp)$/

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((value, index) => bytes[offset + index] === value)
}

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0))

/** The image type announced by the file's first bytes (never by its name or content type). */
export function detectImageMime(bytes: Uint8Array): ImageMime | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  return null
}
