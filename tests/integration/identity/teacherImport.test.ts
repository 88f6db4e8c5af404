import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../server/features/identity/index.ts'
import { findLiveOneTimeLink } from '../../../server/features/identity/oneTimeLinks.ts'
import { NO_PASSWORD_HASH } from '../../../server/features/identity/passwords.ts'
import { createImportedTeachers } from '../../../server/features/identity/teacherImport/commands.ts'
import { checkRoster } from '../../../server/features/identity/teacherImport/previewRoster.ts'
import type { UserRole } from '../../../shared/domain.ts'
import type { ImportPreviewRow } from '../../../shared/identity/teacherImport.ts'
import { insertSchool, insertUser } from '../../helpers/alliance.ts'
import { httpRequest, signIn } from '../../helpers/signIn.ts'
import {
  encodeGbk,
  type ImportReply,
  postRoster,
  readXlsxRows,
  xlsxOf,
} from '../../helpers/teacherImport.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const PASSWORD = 'import tests password'
const PREVIEW = '/api/admin/teacher-import/preview'
const IMPORT = '/api/admin/teacher-import'
const TEMPLATE = '/api/admin/teacher-import/template.xlsx'

interface ImportResult {
  created: number
  existing: number
  invalid: number
  result: { fileName: string; base64: string }
}

describe('bulk import of teachers (/api/admin/teacher-import)', () => {
  let server: TestServer
  const schools = { chengguan: '', hexi: '', old: '' }
  const cookies = { alliance: '', schoolAdmin: '', teacher: '' }
  let existingA = ''
  let existingB = ''

  async function account(username: string, schoolId: string, role: UserRole, phone?: string) {
    const id = await insertUser(server.kdb, {
      username,
      schoolId,
      role,
      passwordHash: await hashPassword(PASSWORD),
    })
    if (phone) await server.kdb.updateTable('users').set({ phone }).where('id', '=', id).execute()
    return id
  }

  beforeAll(async () => {
    server = await startTestServer()
    schools.chengguan = await insertSchool(server.kdb, '城关第一中学')
    schools.hexi = await insertSchool(server.kdb, '河西乡中心学校')
    schools.old = await insertSchool(server.kdb, '旧城小学')
    await server.kdb
      .updateTable('schools')
      .set({ archivedAt: Date.now() })
      .where('id', '=', schools.old)
      .execute()
    await account('import-alliance', schools.chengguan, 'alliance_admin')
    await account('import-school-admin', schools.hexi, 'school_admin')
    await account('import-teacher', schools.hexi, 'teacher')
    existingA = await account('existing-a', schools.chengguan, 'teacher', '13900000001')
    existingB = await account('existing-b', schools.chengguan, 'teacher', '13900000002')
    cookies.alliance = (await signIn(server, 'import-alliance', PASSWORD)).cookie
    cookies.schoolAdmin = (await signIn(server, 'import-school-admin', PASSWORD)).cookie
    cookies.teacher = (await signIn(server, 'import-teacher', PASSWORD)).cookie
  })
  afterAll(async () => {
    await server?.close()
  })

  const preview = (cookie: string, name: string, bytes: Uint8Array | string) =>
    postRoster(server, PREVIEW, { name, bytes }, { cookie })
  const importFile = (cookie: string, name: string, bytes: Uint8Array | string) =>
    postRoster(server, IMPORT, { name, bytes }, { cookie })
  const rowsOf = (reply: ImportReply) => reply.body.rows as ImportPreviewRow[]
  const userCount = async () =>
    Number(
      (
        await server.kdb
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('serves the template to admins: the header row, examples and a 说明 sheet', async () => {
    const response = await fetch(new URL(TEMPLATE, server.httpUrl), {
      headers: { cookie: cookies.alliance },
    })
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer)
    const sheet = workbook.worksheets[0]
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      '姓名',
      '学校',
      '学科',
      '年级',
      '手机号',
      '邮箱',
      '角色',
      '用户名',
    ])
    expect(sheet?.getRow(1).font?.bold).toBe(true)
    expect(sheet?.rowCount).toBe(3)
    expect(workbook.getWorksheet('说明')?.rowCount).toBeGreaterThan(8)
    const asSchoolAdmin = await httpRequest(server, 'GET', TEMPLATE, {
      cookie: cookies.schoolAdmin,
    })
    expect(asSchoolAdmin.status).toBe(200)
    expect((await httpRequest(server, 'GET', TEMPLATE, { cookie: cookies.teacher })).status).toBe(
      403,
    )
    expect((await httpRequest(server, 'GET', TEMPLATE)).status).toBe(401)
  })

  it('previews an xlsx with Chinese headers, a numeric phone, rich text, a hyperlink and a formula, writing nothing', async () => {
    const bytes = await xlsxOf([
      ['姓名', '学校 ', '学科', '年级', '手机号', '邮箱', '角色', '备注'],
      [
        { richText: [{ text: '王' }, { text: '小明', font: { bold: true } }] },
        '城关第一中学',
        '数学',
        '七年级',
        13800000011,
        { text: 'wxm@example.cn', hyperlink: 'mailto:wxm@example.cn' },
        '教师',
        'ignored',
      ],
      [
        '赵丽',
        '河西乡中心学校',
        '语文',
        { formula: '"八"&"年级"', result: '八年级' },
        '',
        'Zhao.Li@Example.cn',
        '学校管理员',
        '',
      ],
      [],
    ])
    const before = await userCount()
    const reply = await preview(cookies.alliance, '教师名单.xlsx', bytes)
    expect(reply.status).toBe(200)
    expect(reply.body.columns).toEqual([
      'name',
      'school',
      'subject',
      'grade',
      'phone',
      'email',
      'role',
    ])
    expect(rowsOf(reply)).toEqual([
      expect.objectContaining({
        line: 2,
        name: '王小明',
        phone: '13800000011',
        email: 'wxm@example.cn',
        role: 'teacher',
        username: 't13800000011',
        status: 'new',
        problems: [],
      }),
      expect.objectContaining({
        line: 3,
        grade: '八年级',
        role: 'school_admin',
        username: 'zhao.li',
        status: 'new',
      }),
    ])
    expect(reply.body.counts).toEqual({ new: 2, existing: 0, invalid: 0 })
    expect(await userCount()).toBe(before)
  })

  it('reports every kind of row problem as codes with fields (csv, English headers, BOM)', async () => {
    const csv = [
      '\uFEFFName,School,Subject,Grade,Mobile,E-mail,Role,User Name',
      ',城关第一中学,数学,七年级,13800000101,,,',
      '未知,没有的学校,数学,七年级,13800000102,,,',
      '归档,旧城小学,数学,七年级,13800000103,,,',
      '坏手机,城关第一中学,数学,七年级,12345,,,',
      '坏邮箱,城关第一中学,数学,七年级,13800000104,not-an-email,,',
      '坏角色,城关第一中学,数学,七年级,13800000105,,alliance admin,',
      '坏用户名,城关第一中学,数学,七年级,13800000106,,,Bad Name!',
      '重复一,城关第一中学,数学,七年级,13800000107,,,twin',
      '重复二,城关第一中学,数学,七年级,13800000108,,,twin',
      '无标识,城关第一中学,数学,七年级,,,,',
      '冲突,城关第一中学,数学,七年级,13900000002,,,existing-a',
      '无学校,,数学,七年级,13800000109,,,',
      '同号一,城关第一中学,数学,七年级,138 0000 0110,,,',
      '同号二,城关第一中学,数学,七年级,+86 13800000110,,,same-phone',
      '已有,城关第一中学,数学,七年级,13900000001,,,',
      '',
    ].join('\r\n')
    const reply = await preview(cookies.alliance, 'roster.csv', csv)
    expect(reply.status).toBe(200)
    const problems = Object.fromEntries(rowsOf(reply).map((row) => [row.line, row.problems]))
    expect(problems).toEqual({
      2: [{ field: 'name', code: 'required' }],
      3: [{ field: 'school', code: 'unknown_school' }],
      4: [{ field: 'school', code: 'archived_school' }],
      5: [{ field: 'phone', code: 'bad_phone' }],
      6: [{ field: 'email', code: 'bad_email' }],
      7: [{ field: 'role', code: 'bad_role' }],
      8: [{ field: 'username', code: 'bad_username' }],
      9: [{ field: 'username', code: 'duplicate_in_file' }],
      10: [{ field: 'username', code: 'duplicate_in_file' }],
      11: [{ field: 'username', code: 'need_phone_or_username' }],
      12: [{ field: 'username', code: 'conflicting_accounts' }],
      13: [{ field: 'school', code: 'required' }],
      14: [{ field: 'phone', code: 'duplicate_in_file' }],
      15: [{ field: 'phone', code: 'duplicate_in_file' }],
      16: [],
    })
    expect(rowsOf(reply).find((row) => row.line === 16)?.status).toBe('existing')
    expect(reply.body.counts).toEqual({ new: 0, existing: 1, invalid: 14 })

    const scoped = await preview(
      cookies.schoolAdmin,
      'roster.csv',
      'name,school,phone\n本校,,13800000201\n外校,城关第一中学,13800000202\n',
    )
    expect(rowsOf(scoped).map((row) => [row.school, row.status, row.problems])).toEqual([
      ['河西乡中心学校', 'new', []],
      ['城关第一中学', 'invalid', [{ field: 'school', code: 'other_school' }]],
    ])
  })

  it('reads a GBK-encoded csv as old Excel saves it', async () => {
    const bytes = encodeGbk('姓名,学校,手机号\r\n钱多多,河西乡中心学校,13800000301\r\n')
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const reply = await preview(cookies.alliance, 'gbk.csv', bytes)
    expect(reply.status).toBe(200)
    expect(rowsOf(reply)).toEqual([
      expect.objectContaining({ name: '钱多多', school: '河西乡中心学校', status: 'new' }),
    ])
  })

  it('refuses whole files: a missing column, another format, too many rows, too many bytes', async () => {
    const noSchool = await preview(cookies.alliance, 'a.csv', 'name,phone\n甲,13800000401\n')
    expect(noSchool).toMatchObject({ status: 400, body: { error: 'import_missing_school_column' } })
    // A school admin's rows go to their school: the column may be left out.
    expect(
      (await preview(cookies.schoolAdmin, 'a.csv', 'name,phone\n甲,13800000401\n')).status,
    ).toBe(200)
    const noName = await preview(cookies.alliance, 'a.csv', 'school,phone\n河西乡中心学校,1\n')
    expect(noName).toMatchObject({ status: 400, body: { error: 'import_missing_name_column' } })
    const other = await preview(cookies.alliance, 'a.txt', 'name,school\n')
    expect(other).toMatchObject({ status: 400, body: { error: 'import_unreadable' } })
    const broken = await preview(cookies.alliance, 'a.xlsx', 'not a zip')
    expect(broken).toMatchObject({ status: 400, body: { error: 'import_unreadable' } })
    const many = `name,school\n${'某,河西乡中心学校\n'.repeat(10_001)}`
    expect(await preview(cookies.alliance, 'many.csv', many)).toMatchObject({
      status: 400,
      body: { error: 'import_too_many_rows' },
    })
    const huge = `name,school\n${'x'.repeat(6 * 1024 * 1024)}`
    expect((await preview(cookies.alliance, 'huge.csv', huge)).status).toBe(413)
  })

  it('imports exactly the valid rows with working one-time links, and re-importing changes nothing', async () => {
    const bytes = await xlsxOf([
      ['姓名', '学校', '学科', '年级', '手机号', '邮箱', '角色', '用户名'],
      ['孙一', '城关第一中学', '数学', '七年级', 13800000501, '', '教师', ''],
      ['孙二', '河西乡中心学校', '英语', '九年级', '', 'sun2@example.cn', '', ''],
      ['孙三', '没有的学校', '数学', '七年级', 13800000503, '', '', ''],
      ['孙四', '城关第一中学', '物理', '八年级', '', '', '学校管理员', 'sun-si'],
      ['已有甲', '城关第一中学', '数学', '七年级', 13900000001, '', '', ''],
    ])
    const before = await userCount()
    const reply = await importFile(cookies.alliance, '教师名单.xlsx', bytes)
    expect(reply.status).toBe(200)
    const body = reply.body as unknown as ImportResult
    expect(body).toMatchObject({ created: 3, existing: 1, invalid: 1 })
    expect(body.result.fileName).toMatch(/^导入结果-\d{8}-\d{4}\.xlsx$/)
    expect(await userCount()).toBe(before + 3)

    const created = await server.kdb
      .selectFrom('users')
      .select([
        'id',
        'username',
        'displayName',
        'schoolId',
        'role',
        'phone',
        'email',
        'subject',
        'grade',
        'passwordHash',
      ])
      .where('username', 'in', ['t13800000501', 'sun2', 'sun-si'])
      .orderBy('username')
      .execute()
    expect(
      created.map((user) => [user.username, user.displayName, user.role, user.phone, user.subject]),
    ).toEqual([
      ['sun-si', '孙四', 'school_admin', null, '物理'],
      ['sun2', '孙二', 'teacher', null, '英语'],
      ['t13800000501', '孙一', 'teacher', '13800000501', '数学'],
    ])
    expect(created.every((user) => user.passwordHash === NO_PASSWORD_HASH)).toBe(true)
    expect(created.find((user) => user.username === 'sun2')?.schoolId).toBe(schools.hexi)

    const rows = await readXlsxRows(Buffer.from(body.result.base64, 'base64'))
    expect(rows[0]).toEqual([
      '行号',
      '姓名',
      '学校',
      '用户名',
      '状态',
      '一次性登录链接',
      '链接有效期至',
      '问题',
    ])
    expect(rows.slice(1).map((row) => [row[0], row[3], row[4]])).toEqual([
      ['2', 't13800000501', '已创建'],
      ['3', 'sun2', '已创建'],
      ['4', 't13800000503', '未导入'],
      ['5', 'sun-si', '已创建'],
      ['6', 't13900000001', '已存在'],
    ])
    expect(rows[3]?.[5]).toBe('')
    expect(rows[3]?.[7]).toContain('学校')
    for (const row of rows.slice(1).filter((cells) => cells[4] === '已创建')) {
      const url = row[5] ?? ''
      expect(url.startsWith(`${server.httpUrl}/welcome#`)).toBe(true)
      const link = await findLiveOneTimeLink(server.kdb, url.split('#')[1] ?? '')
      expect(link?.purpose).toBe('sign_in')
      expect(link?.userId).toBe(created.find((user) => user.username === row[3])?.id)
    }
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select(['details'])
      .where('action', '=', 'teachers_imported')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(String(audit[0]?.details))).toMatchObject({
      created: 3,
      existing: 1,
      invalid: 1,
    })

    const again = await importFile(cookies.alliance, '教师名单.xlsx', bytes)
    expect(again.body).toMatchObject({ created: 0, existing: 4, invalid: 1 })
    expect(await userCount()).toBe(before + 3)
  })

  it('rolls the whole import back when an account with one of its usernames appears before the commit', async () => {
    const names = Array.from({ length: 30 }, (_, index) => `race-${index}`)
    const file = {
      name: 'race.csv',
      bytes: new TextEncoder().encode(
        `name,school,username\n${names.map((name) => `${name},城关第一中学,${name}`).join('\n')}\n`,
      ),
    }
    const roster = await checkRoster(server.kdb, null, file)
    expect(roster.counts.new).toBe(30)
    // Someone else creates race-29 between the validation and the transaction.
    await account('race-29', schools.chengguan, 'teacher')
    const before = await userCount()
    await expect(
      createImportedTeachers(server.executor, roster.rows, {
        userId: existingA,
        schoolId: null,
        ip: '127.0.0.1',
        fileName: file.name,
        counts: roster.counts,
      }),
    ).rejects.toMatchObject({ code: 'conflict' })
    expect(await userCount()).toBe(before)
    const links = await server.kdb
      .selectFrom('oneTimeLinks')
      .select('id')
      .where('createdBy', '=', existingA)
      .execute()
    expect(links).toEqual([])
  })

  it('lets two racing imports of one file create each teacher once', async () => {
    const csv = `name,school,phone\n${Array.from({ length: 40 }, (_, index) => `并发${index},河西乡中心学校,1370000${String(index).padStart(4, '0')}`).join('\n')}\n`
    const before = await userCount()
    const [first, second] = await Promise.all([
      importFile(cookies.alliance, 'twice.csv', csv),
      importFile(cookies.schoolAdmin, 'twice.csv', csv),
    ])
    const createdTotal = [first, second]
      .filter((reply) => reply.status === 200)
      .reduce((sum, reply) => sum + Number(reply.body.created), 0)
    expect(createdTotal).toBe(40)
    for (const reply of [first, second]) {
      if (reply.status !== 200) expect(reply.body).toMatchObject({ error: 'conflict' })
    }
    expect(await userCount()).toBe(before + 40)
  })

  it('keeps a school admin to their own school and refuses teachers and anonymous callers', async () => {
    const csv = 'name,school,phone\n周本校,,13800000601\n周外校,城关第一中学,13800000602\n'
    const reply = await importFile(cookies.schoolAdmin, 'scope.csv', csv)
    expect(reply.body).toMatchObject({ created: 1, invalid: 1 })
    const made = await server.kdb
      .selectFrom('users')
      .select(['schoolId'])
      .where('phone', 'in', ['13800000601', '13800000602'])
      .execute()
    expect(made).toEqual([{ schoolId: schools.hexi }])
    for (const url of [PREVIEW, IMPORT]) {
      expect(
        (await postRoster(server, url, { name: 'a.csv', bytes: csv }, { cookie: cookies.teacher }))
          .status,
      ).toBe(403)
      expect((await postRoster(server, url, { name: 'a.csv', bytes: csv }, {})).status).toBe(401)
    }
    expect(existingB).not.toBe('')
  })

  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((file) => fs.existsSync(file))
  it.skipIf(!soffice)(
    'reads a real xlsx written by LibreOffice (skipped when soffice is missing)',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-soffice-'))
      const csvFile = path.join(dir, 'roster.csv')
      fs.writeFileSync(
        csvFile,
        '姓名,学校,学科,年级,手机号\n吴老师,河西乡中心学校,化学,九年级,13800000701\n',
      )
      // Filter options: comma, UTF-8 (76), first line 1; the phone column stays a number.
      execFileSync(
        soffice ?? 'soffice',
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--infilter=CSV:44,34,76,1',
          '--convert-to',
          'xlsx',
          '--outdir',
          dir,
          csvFile,
        ],
        { stdio: 'pipe', timeout: 120_000 },
      )
      const bytes = fs.readFileSync(path.join(dir, 'roster.xlsx'))
      const reply = await preview(cookies.alliance, 'roster.xlsx', new Uint8Array(bytes))
      expect(reply.status).toBe(200)
      expect(rowsOf(reply)).toEqual([
        expect.objectContaining({
          name: '吴老师',
          phone: '13800000701',
          grade: '九年级',
          status: 'new',
        }),
      ])
      fs.rmSync(dir, { recursive: true, force: true })
    },
    150_000,
  )
})
