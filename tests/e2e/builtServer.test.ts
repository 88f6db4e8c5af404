import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { processTarget, type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'
import { httpRequest, signIn } from '../helpers/signIn.ts'
import { makeDataDir } from '../helpers/testServer.ts'
import { eventually } from '../helpers/waitFor.ts'

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
    await eventually(() => readerDoc.getText('body').toString() === '集体备课 compiled')
    writer.destroy()
    reader.destroy()

    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    server = await spawnServer(dataDir, {}, 'built')
    const restarted = await processTarget(server, dataDir)
    const recovered = await readDocument(restarted, 'built-doc')
    expect(recovered.getText('body').toString()).toBe('集体备课 compiled')
  })
})
