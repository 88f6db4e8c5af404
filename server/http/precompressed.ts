import fs from 'node:fs/promises'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

/** A content encoding served from a file compressed at build time, next to the original. */
export interface Precompression {
  /** The Content-Encoding name. */
  encoding: 'br' | 'gzip'
  /** Suffix of the compressed file (`app-1a2b.js.br`). */
  suffix: string
}

/** The encodings written at build time, in the server's order of preference. */
export const PRECOMPRESSIONS: readonly Precompression[] = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
]

/** Extensions of the built assets worth compressing (images and fonts already are). */
export const COMPRESSIBLE_EXTENSIONS = [
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.json',
  '.svg',
  '.txt',
  '.wasm',
]

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** The bytes compressed with this encoding at the strongest setting (build time only). */
export function compress(bytes: Buffer, encoding: Precompression['encoding']): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION })
  return brotli(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  })
}

/** Sizes of one asset, raw and per encoding (what the build reports). */
export interface CompressedSizes {
  file: string
  raw: number
  br: number | null
  gzip: number | null
}

/**
 * Writes `<file>.br` and `<file>.gz` next to a built asset, each only when it is smaller than
 * the original; returns the sizes.
 */
export async function precompressFile(file: string): Promise<CompressedSizes> {
  const bytes = await fs.readFile(file)
  const sizes: CompressedSizes = { file, raw: bytes.length, br: null, gzip: null }
  for (const { encoding, suffix } of PRECOMPRESSIONS) {
    const packed = await compress(bytes, encoding)
    if (packed.length >= bytes.length) continue
    await fs.writeFile(`${file}${suffix}`, packed)
    sizes[encoding] = packed.length
  }
  return sizes
}

/**
 * The quality values a client gives encodings in `Accept-Encoding` (`*` included); an encoding
 * it does not name gets the `*` value, or 0.
 */
function acceptedQuality(header: string, encoding: string): number {
  let wildcard = 0
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='))
    const quality = q === undefined ? 1 : Number(q.slice(2))
    const value = Number.isFinite(quality) ? quality : 0
    if (name === encoding) return value
    if (name === '*') wildcard = value
  }
  return wildcard
}

/** The best encoding the client accepts among those available, or null for the raw bytes. */
export function pickEncoding(
  acceptEncoding: string | undefined,
  available: readonly Precompression[],
): Precompression | null {
  if (!acceptEncoding) return null
  let best: Precompression | null = null
  let bestQuality = 0
  for (const option of available) {
    const quality = acceptedQuality(acceptEncoding, option.encoding)
    if (quality > bestQuality) {
      best = option
      bestQuality = quality
    }
  }
  return best
}
