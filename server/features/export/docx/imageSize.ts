/** Pixel size of an embedded image, read from its header bytes. */
export interface ImageSize {
  width: number
  height: number
}

/** Image kinds a .docx can embed (webp cannot). */
export type DocxImageType = 'png' | 'jpg' | 'gif'

function jpegSize(bytes: Uint8Array): ImageSize | null {
  let offset = 2
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1] ?? 0
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) {
      const height = ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0)
      const width = ((bytes[offset + 7] ?? 0) << 8) | (bytes[offset + 8] ?? 0)
      return { width, height }
    }
    offset += 2 + length
  }
  return null
}

/** The pixel size of a PNG, JPEG or GIF, or null when the header cannot be read. */
export function imageSize(bytes: Uint8Array, type: DocxImageType): ImageSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (type === 'png' && bytes.length >= 24) {
    return { width: view.getUint32(16), height: view.getUint32(20) }
  }
  if (type === 'gif' && bytes.length >= 10) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) }
  }
  if (type === 'jpg') return jpegSize(bytes)
  return null
}

/** A size scaled down (never up) to fit `maxWidth` pixels. */
export function fitWidth(size: ImageSize, maxWidth: number): ImageSize {
  if (size.width <= maxWidth || size.width === 0) return size
  return { width: maxWidth, height: Math.round((size.height * maxWidth) / size.width) }
}
