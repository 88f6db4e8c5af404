import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '../../../server/audit.ts'
import type { AuditLogItem } from '../../../server/features/identity/auditQueries.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface Page {
  items: AuditLogItem[]
  nextBefore: number | null
}

describe('the audit log (filters, pages, scope, CSV export)', () => {
  let server: TestServer
  let caller: DemoCaller
  let adminId = ''
  let schoolA = ''
  let schoolB = ''
  let groupId = ''

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
    adminId = await caller.userId('demo-admin')
    const schools = await server.kdb
      .selectFrom('users')
      .select(['username', 'schoolId'])
      .where('username', 'in', ['demo-school-admin', 'demo-teacher-c'])
      .execute()
    schoolA = schools.find((row) => row.username === 'demo-school-admin')?.schoolId ?? ''
    schoolB = schools.find((row) => row.username === 'demo-teacher-c')?.schoolId ?? ''
    groupId = await caller.demoGroupId()
    const base = Date.parse('2030-03-01T00:00:00Z')
    // A fixed history: three days, two schools, a Chinese group name, a tricky detail.
    const events = [
      { at: base, action: 'test_alpha', schoolId: schoolA, details: { note: 'first' } },
      {
        at: base + 86_400_000,
        action: 'test_beta',
        schoolId: schoolB,
        details: { note: '逗号,引号"与\n换行' },
      },
      { at: base + 2 * 86_400_000, action: 'test_gamma', schoolId: schoolA, details: { n: 3 } },
    ]
    for (const event of events) {
      await recordAudit(server.kdb, {
        actorId: adminId,
        action: event.action,
        targetType: 'group',
        targetId: groupId,
        schoolId: event.schoolId,
        details: event.details,
      })
      await server.kdb
        .updateTable('auditLog')
        .set({ at: event.at })
        .where('action', '=', event.action)
        .execute()
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  async function page(username: string, query: string): Promise<Page> {
    const reply = await caller.call(username, 'GET', `/api/audit?${query}`)
    expect(reply.status, reply.text).toBe(200)
    return reply.body as Page
  }

  it('filters by action (one or several), with actor, school and target names', async () => {
    const one = await page('demo-admin', 'action=test_beta')
    expect(one.items.map((item) => item.action)).toEqual(['test_beta'])
    expect(one.items[0]).toMatchObject({
      actorName: '教联体管理员',
      targetLabel: '七年级数学联合教研组',
      details: { note: '逗号,引号"与\n换行' },
    })
    expect(one.items[0]?.actorSchoolName).toEqual(expect.any(String))
    const several = await page('demo-admin', 'action=test_alpha,test_gamma')
    expect(several.items.map((item) => item.action)).toEqual(['test_gamma', 'test_alpha'])
  })

  it('filters by actor, target, time range and free text', async () => {
    const test = 'action=test_alpha,test_beta,test_gamma'
    expect((await page('demo-admin', `${test}&actorId=${adminId}`)).items).toHaveLength(3)
    expect((await page('demo-admin', `${test}&actorId=nobody`)).items).toHaveLength(0)
    expect(
      (await page('demo-admin', `${test}&targetType=group&targetId=${groupId}`)).items,
    ).toHaveLength(3)
    expect((await page('demo-admin', `${test}&targetType=user`)).items).toHaveLength(0)
    const day2 = await page('demo-admin', `${test}&from=2030-03-02&to=2030-03-02`)
    expect(day2.items.map((item) => item.action)).toEqual(['test_beta'])
    const fromMs = await page('demo-admin', `${test}&from=${Date.parse('2030-03-02T00:00:00Z')}`)
    expect(fromMs.items.map((item) => item.action)).toEqual(['test_gamma', 'test_beta'])
    const text = await page('demo-admin', `q=${encodeURIComponent('引号')}`)
    expect(text.items.map((item) => item.action)).toEqual(['test_beta'])
    expect((await caller.call('demo-admin', 'GET', '/api/audit?from=yesterday')).status).toBe(400)
  })

  it('pages with a keyset cursor, without gaps or repeats', async () => {
    const seen: number[] = []
    let cursor: number | null = null
    let pages = 0
    do {
      const query: string = `action=test_alpha,test_beta,test_gamma&limit=2${cursor ? `&before=${cursor}` : ''}`
      const current = await page('demo-admin', query)
      seen.push(...current.items.map((item) => item.id))
      cursor = current.nextBefore
      pages += 1
    } while (cursor !== null && pages < 10)
    expect(pages).toBe(2)
    expect(seen).toHaveLength(3)
    expect([...seen].sort((a, b) => b - a)).toEqual(seen)
  })

  it("shows a school admin only their school's part, and refuses teachers", async () => {
    const mine = await page('demo-school-admin', 'action=test_alpha,test_beta,test_gamma')
    expect(mine.items.map((item) => item.action)).toEqual(['test_gamma', 'test_alpha'])
    expect(mine.items.every((item) => item.schoolId === schoolA)).toBe(true)
    const actions = await caller.call('demo-school-admin', 'GET', '/api/audit/actions')
    expect((actions.body as { items: string[] }).items).not.toContain('test_beta')
    const all = await caller.call('demo-admin', 'GET', '/api/audit/actions')
    expect((all.body as { items: string[] }).items).toEqual(
      expect.arrayContaining(['test_alpha', 'test_beta', 'test_gamma']),
    )
    for (const path of ['/api/audit', '/api/audit/actions', '/api/audit/export']) {
      expect((await caller.call('demo-teacher-a', 'GET', path)).status).toBe(403)
      expect((await caller.call(null, 'GET', path)).status).toBe(401)
    }
  })

  it('exports the filtered entries as a CSV with a BOM that parses back', async () => {
    const reply = await caller.call(
      'demo-admin',
      'GET',
      '/api/audit/export?action=test_alpha,test_beta',
    )
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-\d{8}\.csv"$/,
    )
    expect(reply.text.startsWith('\uFEFF')).toBe(true)
    const parsed = Papa.parse<string[]>(reply.text.slice(1), { skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    const [header, ...rows] = parsed.data
    expect(header).toEqual([
      '时间 Time (UTC)',
      '操作人 Actor',
      '操作人学校 Actor school',
      '操作 Action',
      '对象类型 Target type',
      '对象 Target',
      '对象ID Target ID',
      'IP',
      '详情 Details',
    ])
    expect(rows.map((row) => row[3])).toEqual(['test_beta', 'test_alpha'])
    expect(rows[0]?.[0]).toBe('2030-03-02T00:00:00.000Z')
    expect(rows[0]?.[1]).toBe('教联体管理员')
    expect(rows[0]?.[5]).toBe('七年级数学联合教研组')
    expect(JSON.parse(rows[0]?.[8] ?? '')).toEqual({ note: '逗号,引号"与\n换行' })
    const scoped = await caller.call(
      'demo-school-admin',
      'GET',
      '/api/audit/export?action=test_alpha,test_beta',
    )
    const scopedRows = Papa.parse<string[]>(scoped.text.slice(1), { skipEmptyLines: true }).data
    expect(scopedRows.slice(1).map((row) => row[3])).toEqual(['test_alpha'])
  })
})
