import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_UPLOAD_BYTES } from '../../../shared/limits.ts'
import { demoPlanId, type Session, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const EVIL = 'https://evil.example'
const UPLOAD_URL = /^\/uploads\/[A-Za-z0-9_-]{22}\.png$/

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** A valid 1×1 red PNG (8-bit RGB). */
function tinyPng(): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(1, 0) // width
  header.writeUInt32BE(1, 4) // height
  header.set([8, 2, 0, 0, 0], 8) // bit depth, colour type RGB, compression, filter, interlace
  const scanline = Buffer.from([0, 0xff, 0x00, 0x00]) // filter "none", one red pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(scanline)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** A raw response with the body kept as bytes. */
interface RawResult {
  status: number
  headers: http.IncomingHttpHeaders
  bytes: Buffer
  /** Parsed JSON body, or null when it is not JSON. */
  json: unknown
}

/** Sends one request with node:http; `rawPath` goes on the wire exactly as written. */
function rawRequest(
  server: TestServer,
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<RawResult> {
  return new Promise<RawResult>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: server.port, method, path: rawPath, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const bytes = Buffer.concat(chunks)
          let json: unknown = null
          try {
            json = JSON.parse(bytes.toString('utf8')) as unknown
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes, json })
        })
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** A multipart body with one `file` field, encoded the way a browser's FormData is. */
async function multipart(
  bytes: Buffer,
  filename: string,
  type: string,
): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
  const encoded = new Response(form)
  const contentType = encoded.headers.get('content-type')
  if (!contentType) throw new Error('FormData did not produce a content type')
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType }
}

interface UploadOptions {
  session?: Session
  /** Defaults to the server's own origin. */
  origin?: string
  filename?: string
  type?: string
}

/** POST /api/uploads?documentId=… as the browser client sends it. */
async function upload(
  server: TestServer,
  documentId: string,
  bytes: Buffer,
  options: UploadOptions = {},
): Promise<RawResult> {
  const { body, contentType } = await multipart(
    bytes,
    options.filename ?? 'picture.png',
    options.type ?? 'image/png',
  )
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-length': String(body.length),
    origin: options.origin ?? server.httpUrl,
  }
  if (options.session) headers.cookie = options.session.cookie
  return rawRequest(
    server,
    'POST',
    `/api/uploads?documentId=${encodeURIComponent(documentId)}`,
    headers,
    body,
  )
}

/** GET of an upload URL, with the session's cookie if any. */
function fetchImage(server: TestServer, url: string, session?: Session): Promise<RawResult> {
  return rawRequest(server, 'GET', url, session ? { cookie: session.cookie } : {})
}

function errorOf(result: RawResult): string | undefined {
  return (result.json as { error?: string } | null)?.error
}

describe('image uploads', () => {
  let server: TestServer
  let member: Session
  let otherMember: Session
  let observer: Session
  let outsider: Session
  let planId: string
  const png = tinyPng()
  let imageUrl: string

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    ;[member, otherMember, observer, outsider] = await Promise.all([
      signIn(server, 'demo-teacher-a'),
      signIn(server, 'demo-teacher-b'),
      signIn(server, 'demo-observer'),
      signIn(server, 'demo-outsider'),
    ])
    planId = await demoPlanId(server.kdb, 0)
  })

  afterAll(async () => {
    await server?.close()
  })

  it('lets a group member upload a PNG and records it', async () => {
    const result = await upload(server, planId, png, { session: member })
    expect(result.status, result.bytes.toString('utf8')).toBe(201)
    const body = result.json as { ok: boolean; url: string }
    expect(body.ok).toBe(true)
    expect(body.url).toMatch(UPLOAD_URL)
    imageUrl = body.url

    const name = imageUrl.slice('/uploads/'.length)
    expect(fs.readFileSync(path.join(server.dataDir, 'uploads', name)).equals(png)).toBe(true)
    const row = await server.kdb
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', name.replace(/\.png$/, ''))
      .executeTakeFirst()
    expect(row).toMatchObject({
      documentId: planId,
      ownerId: member.userId,
      mime: 'image/png',
      bytes: png.length,
    })
  })

  it('serves the same bytes, as image/png with nosniff, to the group', async () => {
    for (const session of [member, otherMember, observer]) {
      const result = await fetchImage(server, imageUrl, session)
      expect(result.status).toBe(200)
      expect(result.bytes.equals(png)).toBe(true)
      expect(result.headers['content-type']).toBe('image/png')
      expect(result.headers['x-content-type-options']).toBe('nosniff')
      expect(result.headers['cache-control']).toBe('private, max-age=31536000, immutable')
    }
  })

  it('answers 404 to an outsider and to anonymous callers', async () => {
    const refused = [
      await fetchImage(server, imageUrl, outsider),
      await fetchImage(server, imageUrl),
    ]
    for (const result of refused) {
      expect(result.status).toBe(404)
      expect(result.bytes.equals(png)).toBe(false)
    }
  })

  it('does not let a view-only observer upload', async () => {
    const result = await upload(server, planId, png, { session: observer })
    expect(result.status).toBe(403)
    expect(errorOf(result)).toBe('forbidden')
  })

  it('refuses anonymous uploads and unknown documents', async () => {
    expect((await upload(server, planId, png)).status).toBe(401)
    expect((await upload(server, 'no-such-document', png, { session: member })).status).toBe(404)
  })

  it('rejects a text file renamed .png', async () => {
    const text = Buffer.from('just some text, not a picture\n', 'utf8')
    const result = await upload(server, planId, text, { session: member })
    expect(result.status).toBe(400)
    expect(errorOf(result)).toBe('bad_request')
  })

  it('rejects a request without a file', async () => {
    const result = await rawRequest(
      server,
      'POST',
      `/api/uploads?documentId=${planId}`,
      { cookie: member.cookie, origin: server.httpUrl, 'content-type': 'application/json' },
      Buffer.from('{}'),
    )
    expect(result.status).toBe(400)
  })

  it('rejects images over 5 MiB with 413 too_large', async () => {
    const justOver = Buffer.concat([png, Buffer.alloc(MAX_UPLOAD_BYTES + 1 - png.length)])
    const overByOne = await upload(server, planId, justOver, { session: member })
    expect(overByOne.status).toBe(413)
    expect(errorOf(overByOne)).toBe('too_large')

    const farOver = Buffer.concat([png, Buffer.alloc(MAX_UPLOAD_BYTES + 1024 * 1024)])
    const refusedUnread = await upload(server, planId, farOver, { session: member })
    expect(refusedUnread.status).toBe(413)
    expect(errorOf(refusedUnread)).toBe('too_large')
  })

  it('answers 404 to path traversal and malformed names', async () => {
    const id = imageUrl.slice('/uploads/'.length, -'.png'.length)
    const names = [
      '/uploads/..%2Fjibei.db',
      '/uploads/..%2F..%2Fetc%2Fpasswd',
      '/uploads/%2e%2e%2fjibei.db',
      `/uploads/${id}.png%2F..%2F..%2Fjibei.db`,
      `/uploads/${id}.png/..%2F..%2Fjibei.db`,
      `/uploads/${id}.gif`,
      `/uploads/${id}.svg`,
      '/uploads/jibei.db',
    ]
    for (const name of names) {
      const result = await fetchImage(server, name, member)
      expect(result.status, name).toBe(404)
      expect(result.headers['content-type'], name).not.toBe('image/png')
    }
  })

  it('applies the cross-site Origin check to uploads', async () => {
    const result = await upload(server, planId, png, { session: member, origin: EVIL })
    expect(result.status).toBe(403)
    expect(errorOf(result)).toBe('cross_site_request')
  })
})
