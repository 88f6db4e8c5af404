import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../server/features/identity/index.ts'
import {
  DOCUMENTS_PER_DAY,
  DOCUMENTS_PER_HOUR,
  UPLOAD_BYTES_PER_DAY,
  UPLOADS_PER_DAY,
} from '../../shared/limits.ts'
import { insertDocument } from '../helpers/alliance.ts'
import { DemoCaller } from '../helpers/prepApi.ts'
import { TEST_SERVER_ENGINE } from '../helpers/serverEngine.ts'
import { demoPlanId } from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

/** Bytes that the server takes for a PNG (it looks at the signature only). */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100),
])

describe('issue 17 item 6g: per-user quotas', () => {
  let server: TestServer
  let api: DemoCaller

  /** The user's id and school. */
  async function account(username: string): Promise<{ id: string; schoolId: string }> {
    const row = await server.kdb
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst()
    if (!row) throw new Error(`no user ${username}`)
    return { id: row.id, schoolId: row.schoolId }
  }

  /**
   * Earlier documents of the user, written straight into the database `ageMs` ago, until
   * `total` were created in the last `windowMs`.
   */
  async function earlierDocuments(
    username: string,
    total: number,
    ageMs: number,
    windowMs: number,
  ): Promise<void> {
    const { id, schoolId } = await account(username)
    const existing = await server.kdb
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ownerId', '=', id)
      .where('createdAt', '>', Date.now() - windowMs)
      .executeTakeFirst()
    for (let index = existing?.n ?? 0; index < total; index++) {
      const documentId = await insertDocument(server.kdb, {
        ownerId: id,
        schoolId,
        groupId: null,
        visibility: 'private',
        title: `早先的教案 ${index}`,
      })
      const at = Date.now() - ageMs
      await server.kdb
        .updateTable('documents')
        .set({ createdAt: at, updatedAt: at })
        .where('id', '=', documentId)
        .execute()
    }
  }

  const createPlan = (username: string) =>
    api.call(username, 'POST', '/api/documents', { kind: 'lesson_plan', title: '新教案' })

  async function uploadAs(username: string, documentId: string): Promise<Response> {
    const session = await api.session(username)
    const form = new FormData()
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'picture.png')
    return fetch(`${server.httpUrl}/api/uploads?documentId=${documentId}`, {
      method: 'POST',
      headers: { cookie: session.cookie, origin: server.httpUrl },
      body: form,
    })
  }

  /** Earlier uploads of the user, recorded straight into the database. */
  async function earlierUploads(username: string, documentId: string, sizes: number[]) {
    const { id } = await account(username)
    for (const bytes of sizes) {
      await server.kdb
        .insertInto('uploads')
        .values({
          id: newId(),
          documentId,
          ownerId: id,
          mime: 'image/png',
          bytes,
          createdAt: Date.now() - 3600_000,
        })
        .execute()
    }
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('answers 429 quota_exceeded past the documents allowed per hour', async () => {
    await earlierDocuments('demo-teacher-a', DOCUMENTS_PER_HOUR - 1, 60_000, 3600_000)
    expect((await createPlan('demo-teacher-a')).status).toBe(201)
    const refused = await createPlan('demo-teacher-a')
    expect(refused.status).toBe(429)
    expect((refused.body as { error: string }).error).toBe('quota_exceeded')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // Another teacher is not affected.
    expect((await createPlan('demo-teacher-b')).status).toBe(201)
  })

  it('answers 429 past the documents allowed per day, also for adaptations', async () => {
    await earlierDocuments('demo-teacher-c', DOCUMENTS_PER_DAY, 2 * 3600_000, 24 * 3600_000)
    const refused = await createPlan('demo-teacher-c')
    expect(refused.status).toBe(429)
    expect((refused.body as { error: string }).error).toBe('quota_exceeded')
    const planId = await demoPlanId(server.kdb, 0)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', planId)
      .execute()
    const published = await api.call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(published.status).toBe(201)
    const entryId = (published.body as { entryId: string }).entryId
    const adapted = await api.call('demo-teacher-c', 'POST', `/api/library/${entryId}/adapt`)
    expect(adapted.status).toBe(429)
    expect((await api.call('demo-teacher-b', 'POST', `/api/library/${entryId}/adapt`)).status).toBe(
      201,
    )
  })

  it('takes the operator’s document quota (DOCUMENTS_PER_HOUR) instead of the default', async () => {
    const strict = await startTestServer({ seedDemo: true, documentsPerHour: 2 })
    try {
      const strictApi = new DemoCaller(strict)
      const create = (title: string) =>
        strictApi.call('demo-teacher-d', 'POST', '/api/documents', { title })
      expect((await create('一')).status).toBe(201)
      expect((await create('二')).status).toBe(201)
      const refused = await create('三')
      expect(refused.status).toBe(429)
      expect((refused.body as { error: string }).error).toBe('quota_exceeded')
    } finally {
      await strict.close()
    }
  })

  it('answers 429 past the uploads allowed per day, by count and by bytes', async () => {
    const teacherA = await account('demo-teacher-a')
    const own = await insertDocument(server.kdb, {
      ownerId: teacherA.id,
      schoolId: teacherA.schoolId,
      groupId: null,
      visibility: 'private',
      title: '上传配额',
    })
    expect((await uploadAs('demo-teacher-a', own)).status).toBe(201)
    await earlierUploads('demo-teacher-a', own, Array(UPLOADS_PER_DAY).fill(10))
    const byCount = await uploadAs('demo-teacher-a', own)
    expect(byCount.status).toBe(429)
    expect(((await byCount.json()) as { error: string }).error).toBe('quota_exceeded')

    const teacherD = await account('demo-teacher-d')
    const other = await insertDocument(server.kdb, {
      ownerId: teacherD.id,
      schoolId: teacherD.schoolId,
      groupId: null,
      visibility: 'private',
      title: '上传字节配额',
    })
    await earlierUploads('demo-teacher-d', other, [UPLOAD_BYTES_PER_DAY - 50])
    const byBytes = await uploadAs('demo-teacher-d', other)
    expect(byBytes.status).toBe(429)
    expect(((await byBytes.json()) as { error: string }).error).toBe('quota_exceeded')
    const stored = await server.kdb
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ownerId', '=', teacherD.id)
      .where('documentId', '=', other)
      .executeTakeFirst()
    expect(stored?.n).toBe(1)
  })

  // SQLite's query plan; PostgreSQL has the same index (tests/unit/schemaParity.test.ts).
  it.skipIf(TEST_SERVER_ENGINE === 'postgres')(
    'reads a user’s uploads of the day through an index, not by scanning every upload',
    async () => {
      const plan = await sql<{
        detail: string
      }>`EXPLAIN QUERY PLAN SELECT count(*), sum(bytes) FROM uploads WHERE owner_id = 'u' AND created_at > 0`.execute(
        server.kdb,
      )
      expect(plan.rows.map((row) => row.detail).join(' ')).toContain('uploads_owner_created')
    },
  )
})
