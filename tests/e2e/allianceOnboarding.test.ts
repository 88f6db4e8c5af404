import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kyselyOver } from '../../server/db/executor.ts'
import { openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../server/db/sqliteExecutor.ts'
import { launchBrowser, requireBuiltClient } from '../helpers/browser.ts'
import { ARTIFACTS, CLIENT_DIR } from '../helpers/browserSuite.ts'
import { type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'
import { readXlsxRows, xlsxOf } from '../helpers/teacherImport.ts'
import { makeDataDir } from '../helpers/testServer.ts'

const FIRST_SCHOOL = '城关第一中学'
const SECOND_SCHOOL = '河西乡中心学校'
const GROUP = '七年级数学联合教研组'
const PLAN = '一元一次方程（第一课时）'
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴']
const GIVEN_NAMES = ['晓红', '建国', '丽华']

/** The 30 teachers of the roster: the even ones teach at the first school, the odd at the second. */
const TEACHERS = Array.from({ length: 30 }, (_, index) => ({
  name: `${SURNAMES[index % 10]}${GIVEN_NAMES[Math.floor(index / 10)]}`,
  school: index % 2 === 0 ? FIRST_SCHOOL : SECOND_SCHOOL,
  subject: ['数学', '语文', '英语'][index % 3] ?? '数学',
  phone: String(13_800_000_000 + index),
}))

/** Picks `name` in the group's member picker with `role` and adds them. */
async function addMember(page: Page, name: string, role: '组长' | '成员' | '观摩') {
  await page.getByTestId('member-picker').click()
  await page.keyboard.type(name)
  const option = page.locator('.ant-select-item-option:visible').filter({ hasText: name })
  await expect.poll(() => option.count()).toBe(1)
  await option.click()
  await page.getByTestId('member-picker-role').click()
  await page.locator('.ant-select-item-option:visible').filter({ hasText: role }).click()
  await page.getByTestId('member-add').click()
  await expect.poll(() => page.getByTestId(`member-${name}`).count()).toBe(1)
}

/** Opens a one-time sign-in link, chooses a password, and waits for the home page. */
async function redeem(page: Page, url: string, origin: string, name: string, password: string) {
  await page.goto(url)
  await expect
    .poll(() => page.getByTestId('welcome-greeting').textContent())
    .toBe(`${name}，欢迎使用集备`)
  await page.getByTestId('welcome-password').fill(password)
  await page.getByTestId('welcome-confirm').fill(password)
  await page.getByTestId('welcome-submit').click()
  await page.waitForURL(`${origin}/`)
}

/**
 * Issue 19's browser scenario on a fresh database without demo data: the alliance admin sets up
 * the alliance and a second school, imports 30 teachers from an xlsx, makes a cross-school group;
 * its lead adds a plan, and an imported teacher signs in with the link and lands in its plans.
 */
describe('a real alliance from an empty database to a signed-in teacher', () => {
  const dataDir = makeDataDir()
  let server: ServerProcess
  let browser: Browser
  let database: SqliteHandle

  beforeAll(async () => {
    requireBuiltClient(CLIENT_DIR)
    server = await spawnServer(dataDir, { JIBEI_SEED: 'none' }, 'built')
    browser = await launchBrowser()
    database = openSqlite(dataDir)
    fs.mkdirSync(ARTIFACTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    server?.child.kill('SIGTERM')
    await server?.exited
    database?.connection.close()
  })

  it('sets up, imports 30 teachers, makes a cross-school group, and lets a teacher in', async () => {
    const kdb = kyselyOver(new SqliteExecutor(database.connection))
    const origin = `http://127.0.0.1:${server.port}`
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: path.join(ARTIFACTS, `onboarding-${name}.png`), fullPage: true })

    // 1. The printed set-up link creates the alliance, its first school and admin.
    const line = await vi.waitFor(() => {
      const found = server.plainLines.find((text) => text.includes('/setup#'))
      if (!found) throw new Error('no set-up line yet')
      return found
    })
    const setupUrl = line.match(/(http:\/\/\S+\/setup#\S+)/)?.[1] ?? ''
    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 960 } })
    const admin = await adminContext.newPage()
    await admin.goto(setupUrl)
    await admin.getByTestId('setup-alliance').fill('城关教育联盟')
    await admin.getByTestId('setup-school').fill(FIRST_SCHOOL)
    await admin.getByTestId('setup-username').fill('wang.admin')
    await admin.getByTestId('setup-display-name').fill('王主任')
    await admin.getByTestId('setup-password').fill('a-long-password')
    await admin.getByTestId('setup-confirm').fill('a-long-password')
    await shot(admin, '1-setup')
    await admin.getByTestId('setup-submit').click()
    await admin.waitForURL(/\/admin/)
    await expect.poll(() => admin.getByTestId('alliance-name').textContent()).toBe('城关教育联盟')

    // 2. A second school.
    await admin.getByTestId('admin-menu-schools').click()
    await admin.waitForURL(/\/admin\/schools/)
    await admin.getByTestId('school-create').click()
    await admin.getByTestId('school-form-name').fill(SECOND_SCHOOL)
    await admin.getByTestId('school-form-name').press('Enter')
    await expect.poll(() => admin.getByTestId(`school-archive-${SECOND_SCHOOL}`).count()).toBe(1)
    await shot(admin, '2-schools')

    // 3. Import 30 teachers of both schools from an xlsx; the result file carries their links.
    const header = ['姓名', '学校', '学科', '年级', '手机号', '邮箱', '角色']
    const roster = await xlsxOf([
      header,
      ...TEACHERS.map((teacher) => [
        teacher.name,
        teacher.school,
        teacher.subject,
        '七年级',
        teacher.phone,
        '',
        '教师',
      ]),
    ])
    await admin.getByTestId('admin-menu-import').click()
    await admin.waitForURL(/\/admin\/import/)
    await admin.locator('input[type="file"]').setInputFiles({
      name: '教师名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(roster),
    })
    await expect
      .poll(() =>
        admin
          .getByTestId('import-counts')
          .innerText()
          .catch(() => ''),
      )
      .toBe('新建 30 · 已存在 0 · 有问题 0')
    await shot(admin, '3-import-preview')
    await admin.getByTestId('import-submit').click()
    await expect
      .poll(() =>
        admin
          .getByTestId('import-result-counts')
          .innerText()
          .catch(() => ''),
      )
      .toBe('新建 30 位 · 已存在 0 位 · 未导入 0 行')
    await admin.waitForTimeout(400)
    await shot(admin, '3-import-result')
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('import-download-result').click(),
    ])
    const rows = await readXlsxRows(new Uint8Array(fs.readFileSync(await download.path())))
    expect(rows[0]?.slice(0, 6)).toEqual([
      '行号',
      '姓名',
      '学校',
      '用户名',
      '状态',
      '一次性登录链接',
    ])
    const links = new Map(rows.slice(1).map((row) => [row[1] ?? '', row[5] ?? '']))
    expect(links.size).toBe(30)
    for (const link of links.values()) {
      expect(link).toMatch(new RegExp(`^${origin}/welcome#[A-Za-z0-9_-]+$`))
    }
    const perSchool = await kdb
      .selectFrom('users')
      .innerJoin('schools', 'schools.id', 'users.schoolId')
      .select(['schools.name as school', (eb) => eb.fn.countAll<number>().as('count')])
      .where('users.role', '=', 'teacher')
      .groupBy('schools.name')
      .orderBy('schools.name')
      .execute()
    expect(Object.fromEntries(perSchool.map((row) => [row.school, Number(row.count)]))).toEqual({
      [FIRST_SCHOOL]: 15,
      [SECOND_SCHOOL]: 15,
    })

    // 4. A cross-school group; an empty name is refused with a message on the field.
    await admin.getByTestId('admin-menu-groups').click()
    await admin.waitForURL(/\/admin\/groups/)
    await admin.getByTestId('group-create').click()
    await admin.getByTestId('group-form-submit').click()
    await expect.poll(() => admin.getByText('请填写名称').count()).toBe(1)
    await admin.getByTestId('group-form-name').fill(GROUP)
    await admin.getByTestId('group-form-subject').fill('数学')
    await admin.getByTestId('group-form-grade').fill('七年级')
    await admin.getByTestId('group-form-term').fill('2026-2027-1')
    await admin.getByTestId('group-form-submit').click()
    await expect.poll(() => admin.getByTestId(`group-members-${GROUP}`).count()).toBe(1)
    await admin.getByTestId(`group-members-${GROUP}`).click()
    const lead = TEACHERS[0]
    const teacher = TEACHERS[1]
    if (!lead || !teacher) throw new Error('the roster is empty')
    await addMember(admin, lead.name, '组长')
    await addMember(admin, teacher.name, '成员')
    for (const other of [TEACHERS[3], TEACHERS[6], TEACHERS[9]]) {
      if (other) await addMember(admin, other.name, '成员')
    }
    await expect.poll(() => admin.getByTestId(`member-role-${lead.name}`).innerText()).toBe('组长')
    await admin.waitForTimeout(400)
    await shot(admin, '4-group-members')
    await admin.keyboard.press('Escape')
    await expect.poll(() => admin.locator('.ant-drawer-content-wrapper:visible').count()).toBe(0)
    const row = admin.locator('tr', { has: admin.getByTestId(`group-members-${GROUP}`) })
    await expect.poll(() => row.innerText()).toContain(SECOND_SCHOOL)
    await expect.poll(() => row.innerText()).toContain(FIRST_SCHOOL)
    await shot(admin, '4-groups')
    const group = await kdb
      .selectFrom('groups')
      .selectAll()
      .where('name', '=', GROUP)
      .executeTakeFirstOrThrow()
    expect([group.subject, group.grade, group.term]).toEqual(['数学', '七年级', '2026-2027-1'])
    const members = await kdb
      .selectFrom('groupMembers')
      .innerJoin('users', 'users.id', 'groupMembers.userId')
      .innerJoin('schools', 'schools.id', 'users.schoolId')
      .select(['users.displayName', 'groupMembers.role', 'schools.name as school'])
      .where('groupMembers.groupId', '=', group.id)
      .execute()
    expect(members).toHaveLength(5)
    expect(new Set(members.map((member) => member.school))).toEqual(
      new Set([FIRST_SCHOOL, SECOND_SCHOOL]),
    )
    expect(members.find((member) => member.displayName === lead.name)?.role).toBe('lead')

    // 5. The lead signs in with their link and adds the group's first plan.
    const leadContext = await browser.newContext({ viewport: { width: 1440, height: 960 } })
    const leadPage = await leadContext.newPage()
    await redeem(leadPage, links.get(lead.name) ?? '', origin, lead.name, 'lead-password')
    await leadPage.getByTestId('new-plan').click()
    await leadPage.getByTestId('new-plan-title').fill(PLAN)
    await leadPage.getByTestId('new-plan-subject').fill('数学')
    await leadPage.getByTestId('new-plan-grade').fill('七年级')
    await leadPage.locator('.ant-modal .ant-select').click()
    await leadPage.locator('.ant-select-item-option').filter({ hasText: GROUP }).click()
    await shot(leadPage, '5-lead-new-plan')
    await leadPage.getByRole('button', { name: /创\s*建/ }).click()
    await leadPage.waitForURL(/\/plans\//)
    const plan = await kdb
      .selectFrom('documents')
      .select(['groupId', 'visibility'])
      .where('title', '=', PLAN)
      .executeTakeFirstOrThrow()
    expect(plan).toEqual({ groupId: group.id, visibility: 'group' })
    await leadContext.close()

    // 6. An imported teacher of the other school opens their link from the result file, sets a
    // password, and lands signed in where the group's plans are.
    const teacherContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await teacherContext.newPage()
    await redeem(page, links.get(teacher.name) ?? '', origin, teacher.name, 'teacher-password')
    await expect.poll(() => page.getByTestId('alliance-name').textContent()).toBe('城关教育联盟')
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await expect.poll(() => page.getByTestId('plan-item').innerText()).toContain(PLAN)
    await shot(page, '6-teacher-home')
    await page.getByTestId('nav-tasks').click()
    await page.waitForURL(`${origin}/groups/${group.id}/tasks`)
    await expect.poll(() => page.getByTestId('tasks-page').innerText()).toContain(GROUP)
    await shot(page, '6-teacher-group')
    await page.getByTestId('nav-home').click()
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await page.getByRole('link', { name: PLAN }).click()
    await page.waitForURL(/\/plans\//)
    await expect.poll(() => page.getByText(PLAN).count()).toBeGreaterThan(0)
    await shot(page, '6-teacher-plan')
    await teacherContext.close()
    await adminContext.close()
  })
})
