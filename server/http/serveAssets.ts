import fs from 'node:fs/promises'
import path from 'node:path'
import type { MiddlewareHandler } from 'hono'
import { getMimeType } from 'hono/utils/mime'
import { PRECOMPRESSIONS, type Precompression, pickEncoding } from './precompressed.ts'

/** Cache-Control of hashed assets: their name changes with their content. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable'

/** Cache-Control of index.html: always revalidated, so that a new build is picked up. */
export const NO_CACHE = 'no-cache'

/** Whether a file exists and is a regular file. */
async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile()
  } catch {
    return false
  }
}

/**
 * Serves `/assets/*` of the built client (hashed by Vite, hence immutable): the brotli or gzip
 * copy written at build time when the client accepts it (Content-Encoding, Vary:
 * Accept-Encoding), else the raw file. Paths that leave the folder, or that do not exist, go on
 * to the next handler.
 */
export function serveHashedAssets(clientDir: string): MiddlewareHandler {
  const assetsDir = path.resolve(clientDir, 'assets')
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    let relative: string
    try {
      relative = decodeURIComponent(c.req.path.slice('/assets/'.length))
    } catch {
      return next()
    }
    const file = path.resolve(assetsDir, relative)
    if (!file.startsWith(`${assetsDir}${path.sep}`) || !(await isFile(file))) return next()
    const available: Precompression[] = []
    for (const option of PRECOMPRESSIONS) {
      if (await isFile(`${file}${option.suffix}`)) available.push(option)
    }
    const chosen = pickEncoding(c.req.header('accept-encoding'), available)
    const served = chosen ? `${file}${chosen.suffix}` : file
    const headers: Record<string, string> = {
      'Content-Type': getMimeType(file) ?? 'application/octet-stream',
      'Cache-Control': IMMUTABLE_CACHE,
    }
    if (available.length > 0) headers.Vary = 'Accept-Encoding'
    if (chosen) headers['Content-Encoding'] = chosen.encoding
    if (c.req.method === 'HEAD') {
      headers['Content-Length'] = String((await fs.stat(served)).size)
      return c.body(null, 200, headers)
    }
    const body = await fs.readFile(served)
    headers['Content-Length'] = String(body.length)
    return c.body(new Uint8Array(body), 200, headers)
  }
}
