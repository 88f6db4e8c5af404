import JSZip from 'jszip'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECTIONS } from '../../../shared/editor/planSchema.ts'
import { firstMissingInOrder, getBinary, hasSoffice } from '../../helpers/docxExport.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface ListedEntry {
  id: string
  title: string
  schoolName: string
  latestVersion: number
  authors: Array<{ name: string; school: string }>
}

describe('exporting a library entry (GET /api/library/:id/export.docx|pdf)', () => {
  let server: TestServer
  let api: DemoCaller
  let entry: ListedEntry

  const exportAs = async (username: string | null, path: string) =>
    getBinary(server, path, username ? (await api.session(username)).cookie : null)

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    const listed = await api.call('demo-outsider', 'GET', '/api/library')
    const items = (listed.body as { items: ListedEntry[] }).items
    const first = items[0]
    if (!first) throw new Error('the demo library is empty')
    entry = first
  })
  afterAll(async () => {
    await server?.close()
  })

  it('exports the published content for a reader of another school, credited to its school and authors', async () => {
    const result = await exportAs('demo-outsider', `/api/library/${entry.id}/export.docx`)
    expect(result.status).toBe(200)
    const { value: text } = await mammoth.extractRawText({ buffer: result.bytes })
    expect(text).toContain(entry.title)
    expect(firstMissingInOrder(text, ['学校', entry.schoolName])).toBeNull()
    expect(
      firstMissingInOrder(
        text,
        SECTIONS.map((section) => section.label['zh-CN']),
      ),
    ).toBeNull()
    const zip = await JSZip.loadAsync(result.bytes)
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => /^word\/footer\d*\.xml$/.test(name))
        .map((name) => zip.file(name)?.async('string') ?? ''),
    )
    const footer = footers.join('')
    expect(footer).toContain(`来自共享资源库 · ${entry.schoolName}`)
    const [author] = entry.authors
    if (author) expect(footer).toContain(author.name)
    expect(footer).toContain(`第 ${entry.latestVersion} 版`)
    const disposition = result.headers.get('content-disposition') ?? ''
    const name = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')
    expect(name).toMatch(new RegExp(`-资源库v${entry.latestVersion}\\.docx$`))
  })

  it('converts the entry to PDF with LibreOffice', async (context) => {
    if (!hasSoffice()) {
      context.skip('soffice (LibreOffice) is not installed: PDF export is not tested')
      return
    }
    const result = await exportAs('demo-teacher-a', `/api/library/${entry.id}/export.pdf`)
    expect(result.status).toBe(200)
    expect(result.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF')
  }, 120_000)

  it('answers 401 signed out, 404 for unknown and withdrawn entries', async () => {
    expect((await exportAs(null, `/api/library/${entry.id}/export.docx`)).status).toBe(401)
    expect((await exportAs('demo-outsider', '/api/library/nope/export.docx')).status).toBe(404)
    await server.kdb
      .updateTable('libraryEntries')
      .set({ status: 'withdrawn' })
      .where('id', '=', entry.id)
      .execute()
    expect((await exportAs('demo-outsider', `/api/library/${entry.id}/export.docx`)).status).toBe(
      404,
    )
    expect((await exportAs('demo-outsider', `/api/library/${entry.id}/export.pdf`)).status).toBe(
      404,
    )
  })
})
