import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yDocToJSON } from '../../../shared/editor/derive.ts'
import { headerOf } from '../../../shared/editor/header.ts'
import { PROCESS_STEP_NODE, TEACHING_PROCESS_NODE } from '../../../shared/editor/planSchema.ts'
import { planText } from '../../../shared/editor/planText.ts'
import type { ImportPreview } from '../../../shared/export/importApi.ts'
import { demoPlanId, type Session, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'
import { docxFromHtml, planHtml, processImageHtml, smallPng } from '../../helpers/wordPlans.ts'

interface Answer {
  status: number
  json: { ok: boolean; error?: string; id?: string; versionId?: number; preview?: ImportPreview }
}

async function postImport(
  server: TestServer,
  session: Session,
  url: string,
  bytes: Buffer,
  fields: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), 'plan.docx')
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  const response = await fetch(`${server.httpUrl}${url}`, {
    method: 'POST',
    body: form,
    headers: { cookie: session.cookie, origin: server.httpUrl },
  })
  return { status: response.status, json: (await response.json()) as Answer['json'] }
}

async function documentCount(server: TestServer): Promise<number> {
  const row = await server.kdb
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function planJSON(server: TestServer, id: string): Promise<ReturnType<typeof yDocToJSON>> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, await server.registry.encodeState(id))
  const json = yDocToJSON(doc)
  doc.destroy()
  return json
}

describe('importing a Word plan', () => {
  let server: TestServer
  let teacher: Session
  let outsider: Session
  let dir: string
  let docx: Buffer

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-import-'))
    docx = docxFromHtml(planHtml(smallPng()), dir)
    server = await startTestServer({ seedDemo: true })
    ;[teacher, outsider] = await Promise.all([
      signIn(server, 'demo-teacher-a'),
      signIn(server, 'demo-outsider'),
    ])
  }, 60_000)

  afterAll(async () => {
    await server?.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('previews the sections, the steps and what it could not place, creating nothing', async () => {
    const before = await documentCount(server)
    const answer = await postImport(server, teacher, '/api/documents/import', docx)
    expect(answer.status).toBe(200)
    const preview = answer.json.preview as ImportPreview
    expect(preview.title).toBe('一元一次方程')
    expect(preview.header).toMatchObject({ subject: '数学', grade: '七年级', periods: 2 })
    const byKey = Object.fromEntries(preview.sections.map((s) => [s.key, s]))
    expect(byKey.objectives?.excerpt).toContain('理解方程的概念')
    expect(byKey.keyPoints?.excerpt).toContain('列方程解应用题')
    expect(byKey.keyPoints?.notes.length).toBe(1)
    expect(byKey.homework?.excerpt).toContain('第 83 页')
    expect(preview.steps).toEqual([
      { name: '导入', minutes: 5, teacher: '提出天平问题' },
      { name: '新授', minutes: 25, teacher: '讲解等式性质' },
      { name: '小结', minutes: 5, teacher: '归纳' },
    ])
    expect(preview.unplaced.map((u) => u.text)).toEqual(['这是一段无法归类的前言。'])
    expect(preview.images).toBe(1)
    expect(preview.replaces).toBe(false)
    expect(await documentCount(server)).toBe(before)
  })

  it('creates the plan on confirm, with its image stored as an upload', async () => {
    const answer = await postImport(server, teacher, '/api/documents/import', docx, {
      confirm: 'true',
    })
    expect(answer.status).toBe(201)
    const id = answer.json.id as string
    const row = await server.kdb
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      ownerId: teacher.userId,
      kind: 'lesson_plan',
      title: '一元一次方程',
    })
    const json = await planJSON(server, id)
    const text = planText(json)
    expect(text).toContain('理解方程的概念')
    expect(text).toContain('提出天平问题')
    expect(text).toContain('【未归类内容】')
    expect(text).toContain('这是一段无法归类的前言。')
    const uploads = await server.kdb
      .selectFrom('uploads')
      .selectAll()
      .where('documentId', '=', id)
      .execute()
    expect(uploads).toHaveLength(1)
    expect(JSON.stringify(json)).toContain(`/uploads/${uploads[0]?.id}.png`)
  })

  it('keeps an image of the process table in its step’s cell (a LibreOffice-made file)', async () => {
    const withImage = docxFromHtml(processImageHtml(smallPng()), dir, 'process-image')
    const preview = await postImport(server, teacher, '/api/documents/import', withImage)
    expect(preview.json.preview?.unplaced).toEqual([])
    expect(preview.json.preview?.images).toBe(1)
    const answer = await postImport(server, teacher, '/api/documents/import', withImage, {
      confirm: 'true',
    })
    expect(answer.status).toBe(201)
    const json = await planJSON(server, answer.json.id as string)
    const process = json.content?.find((node) => node.type === TEACHING_PROCESS_NODE)
    const [first, second] = (process?.content ?? []).filter(
      (node) => node.type === PROCESS_STEP_NODE,
    )
    expect(first?.attrs).toMatchObject({ name: '导入', minutes: 5 })
    const teacherColumn = first?.content?.find((column) => column.type === 'stepTeacher')
    expect(teacherColumn?.content?.map((node) => node.type)).toEqual(['paragraph', 'image'])
    expect(String(teacherColumn?.content?.[1]?.attrs?.src)).toMatch(/^\/uploads\/.+\.png$/)
    expect(JSON.stringify(second)).not.toContain('"image"')
    expect(planText(json)).not.toContain('【未归类内容】')
  })

  it('replaces an existing plan only after a 导入前 version, and refuses outsiders', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    const oldText = planText(await planJSON(server, planId))
    const refused = await postImport(server, outsider, `/api/documents/${planId}/import`, docx, {
      confirm: 'true',
    })
    expect([403, 404]).toContain(refused.status)
    const preview = await postImport(server, teacher, `/api/documents/${planId}/import`, docx)
    expect(preview.json.preview?.replaces).toBe(true)
    const answer = await postImport(server, teacher, `/api/documents/${planId}/import`, docx, {
      confirm: 'true',
    })
    expect(answer.status, JSON.stringify(answer.json)).toBe(200)
    expect(planText(await planJSON(server, planId))).toContain('提出天平问题')
    const version = await server.store.loadVersion(planId, answer.json.versionId as number)
    expect(version).toBeTruthy()
    const kept = new Y.Doc()
    Y.applyUpdate(kept, version as Uint8Array)
    expect(planText(yDocToJSON(kept))).toBe(oldText)
    kept.destroy()
  })

  it('keeps the header fields of a plan that the imported file does not set', async () => {
    const planId = await demoPlanId(server.kdb, 1)
    const before = headerOf(await planJSON(server, planId))
    expect(before.lessonTitle).not.toBe('')
    const withImage = docxFromHtml(processImageHtml(smallPng()), dir, 'into-existing')
    const preview = await postImport(server, teacher, `/api/documents/${planId}/import`, withImage)
    expect(preview.json.preview?.header).toEqual(before)
    expect(preview.json.preview?.title).toBe(before.lessonTitle)
    const answer = await postImport(server, teacher, `/api/documents/${planId}/import`, withImage, {
      confirm: 'true',
    })
    expect(answer.status).toBe(200)
    const after = await planJSON(server, planId)
    expect(headerOf(after)).toEqual(before)
    expect(planText(after)).toContain('会用天平模型解释等式的性质')
  })

  it('refuses files that are not Word plans, creating nothing', async () => {
    const before = await documentCount(server)
    const xlsx = new JSZip()
    xlsx.file('[Content_Types].xml', '<Types/>')
    xlsx.file('xl/workbook.xml', '<workbook/>')
    const bomb = new JSZip()
    bomb.file('word/document.xml', Buffer.alloc(60 * 1024 * 1024, 0x20))
    const cases: Array<[string, Buffer, number, string]> = [
      [
        'random bytes',
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
        422,
        'docx_not_word',
      ],
      ['an .xlsx renamed', await xlsx.generateAsync({ type: 'nodebuffer' }), 422, 'docx_not_word'],
      [
        'an OLE file',
        Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]),
        422,
        'docx_encrypted',
      ],
      ['a 25 MiB file', Buffer.alloc(25 * 1024 * 1024, 1), 413, 'docx_too_large'],
      [
        'a zip bomb',
        await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
        413,
        'docx_unpacked_too_large',
      ],
    ]
    for (const [label, bytes, status, error] of cases) {
      for (const confirm of ['false', 'true']) {
        const answer = await postImport(server, teacher, '/api/documents/import', bytes, {
          confirm,
        })
        expect([label, answer.status, answer.json.error]).toEqual([label, status, error])
      }
    }
    expect(await documentCount(server)).toBe(before)
  }, 60_000)
})
