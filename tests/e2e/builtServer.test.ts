import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { processTarget, type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'
import { httpRequest, signIn } from '../helpers/signIn.ts'
import { makeDataDir } from '../helpers/testServer.ts'

/** A GET answered with its raw (still encoded) body bytes and its headers. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      )
    })
    request.on('error', reject)
  })
}

/** The biggest JavaScript chunk of the built client. */
function biggestChunk(): { name: string; bytes: Buffer } {
  const dir = path.join('dist', 'client', 'assets')
  const [name] = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)
  if (!name) throw new Error('no built chunk: run `npm run build` first')
  return { name, bytes: fs.readFileSync(path.join(dir, name)) }
}

/**
 * The server as `npm start` runs it: compiled to JavaScript by `npm run build:server`
 * (test:e2e builds first), not through tsx. Serves the client and the demo alliance, relays
 * and stores edits, and keeps them across a clean restart.
 */
describe('the compiled server (dist/node)', () => {
  let server: ServerProcess | undefined
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  })

  it('serves the app, signs a demo teacher in, relays and keeps edits across a restart', async () => {
    const dataDir = makeDataDir()
    server = await spawnServer(dataDir, { JIBEI_SEED: 'demo' }, 'built')
    const http = { httpUrl: `http://127.0.0.1:${server.port}` }
    const page = await httpRequest(http, 'GET', '/')
    expect(page.status).toBe(200)
    expect(page.text).toContain('<div id="root">')
    const health = await httpRequest(http, 'GET', '/api/health')
    expect(health.body).toMatchObject({ ok: true, database: { engine: 'sqlite', ok: true } })
    const teacher = await signIn(http, 'demo-teacher-a')
    const me = await httpRequest(http, 'GET', '/api/me', { cookie: teacher.cookie })
    expect(me.status).toBe(200)

    const target = await processTarget(server, dataDir)
    const writer = connectProvider(target, 'built-doc', new Y.Doc())
    const readerDoc = new Y.Doc()
    const reader = connectProvider(target, 'built-doc', readerDoc)
    await Promise.all([whenSynced(writer), whenSynced(reader)])
    writer.doc.getText('body').insert(0, '集体备课 compiled')
    await vi.waitFor(
      () => expect(readerDoc.getText('body').toString()).toBe('集体备课 compiled'),
      10_000,
    )
    writer.destroy()
    reader.destroy()

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    server = await spawnServer(dataDir, {}, 'built')
    const restarted = await processTarget(server, dataDir)
    const recovered = await readDocument(restarted, 'built-doc')
    expect(recovered.getText('body').toString()).toBe('集体备课 compiled')
  })

  it('serves hashed assets precompressed (br, gzip) and immutable, index.html no-cache', async () => {
    server = await spawnServer(makeDataDir(), { JIBEI_SEED: 'none' }, 'built')
    const base = `http://127.0.0.1:${server.port}`
    const index = await rawGet(`${base}/`, { 'accept-encoding': 'gzip, br' })
    expect(index.status).toBe(200)
    expect(index.headers['cache-control']).toBe('no-cache')
    const spa = await rawGet(`${base}/documents/some-plan`, {})
    expect(spa.headers['cache-control']).toBe('no-cache')

    const chunk = biggestChunk()
    const url = `${base}/assets/${chunk.name}`
    const decoders = {
      br: (bytes: Buffer) => zlib.brotliDecompressSync(bytes),
      gzip: (bytes: Buffer) => zlib.gunzipSync(bytes),
    }
    const sizes: Record<string, number> = { raw: chunk.bytes.length }
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip;q=0.9', 'gzip'],
    ] as const) {
      const answer = await rawGet(url, { 'accept-encoding': accept })
      expect(answer.status).toBe(200)
      expect(answer.headers['content-encoding']).toBe(encoding)
      expect(answer.headers.vary).toMatch(/accept-encoding/i)
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(answer.headers['content-type']).toMatch(/javascript/)
      expect(answer.body.length).toBeLessThan(chunk.bytes.length)
      expect(decoders[encoding](answer.body).equals(chunk.bytes)).toBe(true)
      sizes[encoding] = answer.body.length
    }
    const identity = await rawGet(url, {})
    expect(identity.headers['content-encoding']).toBeUndefined()
    expect(identity.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(identity.body.equals(chunk.bytes)).toBe(true)
    console.info(`biggest chunk ${chunk.name}: ${JSON.stringify(sizes)} bytes`)
  })
})
