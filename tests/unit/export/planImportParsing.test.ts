import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { DocxBlock } from '../../../server/features/export/import/docxBlocks.ts'
import { checkDocxBytes } from '../../../server/features/export/import/docxGuard.ts'
import {
  importedPlanJSON,
  planFromBlocks,
  UNPLACED_TITLE,
} from '../../../server/features/export/import/planFromBlocks.ts'
import {
  headerLine,
  matchSectionTitle,
  parseStepName,
} from '../../../server/features/export/import/titles.ts'
import { parsePlan } from '../../../shared/editor/derive.ts'

const p = (text: string, extra: Partial<{ heading: boolean; bold: boolean }> = {}): DocxBlock => ({
  kind: 'paragraph',
  text,
  heading: extra.heading ?? false,
  bold: extra.bold ?? false,
  images: [],
})
const table = (rows: string[][]): DocxBlock => ({
  kind: 'table',
  rows,
  images: [],
  cellImages: rows.map((row) => row.map(() => [])),
})

describe('section titles', () => {
  it.each([
    ['教学目标', 'objectives'],
    ['一、教学目的', 'objectives'],
    ['（二）作业布置', 'homework'],
    ['3. 板书', 'boardDesign'],
    ['课前准备：', 'preparation'],
    ['教学反思', 'reflection'],
    ['课后反思', 'reflection'],
    ['第四部分 教学流程', 'process'],
    ['学情分析', 'learnerAnalysis'],
    ['1、教材分析', 'materialAnalysis'],
  ])('%s → %s', (text, key) => {
    expect(matchSectionTitle(text)?.key).toBe(key)
  })

  it('sends 教学重难点 to 教学重点 with a note', () => {
    const match = matchSectionTitle('三、教学重难点')
    expect(match?.key).toBe('keyPoints')
    expect(match?.note).toContain('难点')
    expect(matchSectionTitle('教学重点难点')?.key).toBe('keyPoints')
  })

  it('does not take ordinary sentences for titles', () => {
    expect(matchSectionTitle('学生通过教学目标了解方程')).toBeUndefined()
    expect(matchSectionTitle('导入')).toBeUndefined()
  })
})

describe('step names and header lines', () => {
  it.each([
    ['导入（5分钟）', '导入', 5],
    ["导入 5'", '导入', 5],
    ['导入(5min)', '导入', 5],
    ['新授 (20 分钟)', '新授', 20],
    ['练习：10分', '练习', 10],
    ['小结', '小结', 0],
  ])('%s', (text, name, minutes) => {
    expect(parseStepName(text)).toEqual({ name, minutes })
  })

  it('reads 学科：数学 lines', () => {
    expect(headerLine('学科：数学')).toEqual({ key: 'subject', value: '数学' })
    expect(headerLine('年级: 七年级')).toEqual({ key: 'grade', value: '七年级' })
    expect(headerLine('今天：晴')).toBeUndefined()
  })
})

describe('planFromBlocks', () => {
  const blocks: DocxBlock[] = [
    p('一元一次方程', { heading: true }),
    table([
      ['学科', '数学', '年级', '七年级'],
      ['教材版本', '人教版', '课时', '2课时'],
    ]),
    p('主备人：王老师'),
    p('一段前言'),
    p('一、教学目的', { heading: true }),
    p('理解方程'),
    p('（二）教学重难点', { bold: true }),
    p('列方程'),
    p('教学过程', { heading: true }),
    table([
      ['环节', '教师活动', '学生活动', '设计意图'],
      ['导入（5分钟）', '提问', '思考', '激趣'],
      ["新授 30'", '讲解', '练习', '掌握'],
    ]),
    p('过程之外的一句'),
    p('作业布置：第 3 页'),
  ]
  const plan = planFromBlocks(blocks)

  it('fills the header from the title, the table and the lines', () => {
    expect(plan.header).toMatchObject({
      lessonTitle: '一元一次方程',
      subject: '数学',
      grade: '七年级',
      textbookEdition: '人教版',
      periods: 2,
      mainPreparer: '王老师',
    })
  })

  it('places sections, variants and steps', () => {
    expect(plan.sections.objectives).toEqual([{ kind: 'text', text: '理解方程' }])
    expect(plan.sections.keyPoints).toEqual([{ kind: 'text', text: '列方程' }])
    expect(plan.sections.homework).toEqual([{ kind: 'text', text: '第 3 页' }])
    expect(plan.steps.map((s) => [s.name, s.minutes, s.teacher])).toEqual([
      ['导入', 5, '提问'],
      ['新授', 30, '讲解'],
    ])
    expect(plan.placements.find((x) => x.key === 'keyPoints')?.note).toBeTruthy()
  })

  it('keeps what it cannot place and writes it into a valid plan', () => {
    expect(plan.unplaced.map((u) => [u.text, u.reason])).toEqual([
      ['一段前言', 'before_sections'],
      ['过程之外的一句', 'outside_process_table'],
    ])
    const json = importedPlanJSON(plan)
    expect(() => parsePlan(json)).not.toThrow()
    const text = JSON.stringify(json)
    expect(text).toContain(UNPLACED_TITLE)
    expect(text).toContain('一段前言')
  })

  it('reads a three-column table without a header row', () => {
    const three = planFromBlocks([p('教学过程', { heading: true }), table([['讲', '听', '懂']])])
    expect(three.steps).toEqual([
      {
        name: '',
        minutes: 0,
        teacher: '讲',
        student: '听',
        intent: '懂',
        images: { teacher: [], student: [], intent: [] },
      },
    ])
  })

  it('keeps images of the process table in their step’s column, those of its header row unplaced', () => {
    const process: DocxBlock = {
      kind: 'table',
      rows: [
        ['环节', '教师活动', '学生活动', '设计意图'],
        ['导入（5分钟）', '出示图片', '', '引入'],
        ['新授', '讲解', '练习', ''],
      ],
      images: [0, 1, 2, 3],
      cellImages: [
        [[0], [], [], []],
        [[1], [], [2], []],
        [[], [], [], [3]],
      ],
    }
    const plan = planFromBlocks([p('教学过程', { heading: true }), process])
    expect(plan.steps.map((step) => step.images)).toEqual([
      { teacher: [1], student: [2], intent: [] },
      { teacher: [], student: [], intent: [3] },
    ])
    expect(plan.unplaced).toEqual([{ text: '图片', reason: 'outside_process_table', image: 0 }])
    const json = importedPlanJSON(plan, ['/uploads/a.png', '/uploads/b.png', '/uploads/c.png'])
    const step = json.content?.find((node) => node.type === 'teachingProcess')?.content?.[0]
    const student = step?.content?.find((column) => column.type === 'stepStudent')
    expect(student?.content).toEqual([
      { type: 'image', attrs: expect.objectContaining({ src: '/uploads/c.png' }) },
    ])
  })
})

const code = (bytes: Uint8Array): string | undefined => {
  try {
    checkDocxBytes(bytes)
    return undefined
  } catch (error) {
    return (error as { code?: string }).code
  }
}

describe('checkDocxBytes', () => {
  it('refuses a zip bomb whose directory understates the size of word/document.xml', async () => {
    const zip = new JSZip()
    zip.file('word/document.xml', new Uint8Array(50 * 1024 * 1024).fill(0x20))
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
    expect(code(bytes)).toBe('docx_unpacked_too_large')
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    let at = bytes.length - 22
    while (view.getUint32(at, true) !== 0x06054b50) at -= 1
    const directory = view.getUint32(at + 16, true)
    view.setUint32(directory + 24, 1000, true) // the directory now claims 1000 bytes
    expect(code(bytes)).toBe('docx_unpacked_too_large')
    const small = new JSZip()
    small.file('word/document.xml', '<w:document/>')
    expect(code(await small.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }))).toBe(
      undefined,
    )
  })

  it('refuses random bytes, OLE files and large files', () => {
    expect(code(new Uint8Array([1, 2, 3, 4, 5]))).toBe('docx_not_word')
    expect(code(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe(
      'docx_encrypted',
    )
    expect(code(new Uint8Array(21 * 1024 * 1024))).toBe('docx_too_large')
  })
})
