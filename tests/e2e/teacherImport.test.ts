import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { readXlsxRows, xlsxOf } from '../helpers/teacherImport.ts'

describe('the alliance admin imports teachers from an xlsx roster', () => {
  const suite = browserSuite({ width: 1440, height: 960 })

  it('uploads 30 teachers, sees the one bad row in the preview, imports and downloads the links', async () => {
    const server = suite.server()
    const schools = await server.kdb.selectFrom('schools').select('name').orderBy('name').execute()
    const schoolNames = schools.map((school) => school.name)
    const header = ['姓名', '学校', '学科', '年级', '手机号', '邮箱', '角色']
    const teachers = Array.from({ length: 30 }, (_, index) => [
      `导入教师${index + 1}`,
      index === 17 ? '不存在的学校' : (schoolNames[index % schoolNames.length] ?? ''),
      ['语文', '数学', '英语'][index % 3] ?? '',
      '七年级',
      13_600_000_000 + index,
      '',
      '教师',
    ])
    const bytes = await xlsxOf([header, ...teachers])

    const page = await suite.open('demo-admin')
    await page.goto(`${server.httpUrl}/admin/import`)
    await expect.poll(() => page.getByRole('heading', { name: '批量导入教师' }).count()).toBe(1)
    await expect.poll(() => page.getByText('下载模板').count()).toBe(1)
    await page.locator('input[type="file"]').setInputFiles({
      name: '教师名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(bytes),
    })
    await expect
      .poll(() =>
        page
          .getByTestId('import-counts')
          .innerText()
          .catch(() => ''),
      )
      .toBe('新建 29 · 已存在 0 · 有问题 1')
    await expect
      .poll(() => page.getByText('没有这所学校（名称须与系统中完全一致）').count())
      .toBe(1)
    await page.screenshot({
      path: path.join(ARTIFACTS, 'teacher-import-preview.png'),
      fullPage: true,
    })
    await page.getByTestId('import-only-problems').click()
    await expect.poll(() => page.locator('tr.import-row-invalid').count()).toBe(1)
    await expect.poll(() => page.locator('tr.import-row-new').count()).toBe(0)

    await page.getByTestId('import-submit').click()
    await expect
      .poll(() =>
        page
          .getByTestId('import-result-counts')
          .innerText()
          .catch(() => ''),
      )
      .toBe('新建 29 位 · 已存在 0 位 · 未导入 1 行')
    await page.screenshot({
      path: path.join(ARTIFACTS, 'teacher-import-result.png'),
      fullPage: true,
    })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-download-result').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^导入结果-\d{8}-\d{4}\.xlsx$/)
    const file = await download.path()
    const rows = await readXlsxRows(new Uint8Array(fs.readFileSync(file)))
    expect(rows).toHaveLength(31)
    const body = rows.slice(1)
    expect(body.filter((row) => row[4] === '已创建')).toHaveLength(29)
    expect(body.filter((row) => row[4] === '未导入').map((row) => row[1])).toEqual(['导入教师18'])
    for (const row of body.filter((cells) => cells[4] === '已创建')) {
      expect(row[5]).toMatch(new RegExp(`^${server.httpUrl}/welcome#[A-Za-z0-9_-]+$`))
    }
    const created = await server.kdb
      .selectFrom('users')
      .select('username')
      .where('displayName', 'like', '导入教师%')
      .execute()
    expect(created).toHaveLength(29)
  })
})
