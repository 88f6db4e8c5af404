import type { JSONContent } from '@tiptap/core'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { dispositionFileName } from '../../../client/src/features/export/download.ts'
import type { LoadedImage } from '../../../server/features/export/docx/blocks.ts'
import { imageSize } from '../../../server/features/export/docx/imageSize.ts'
import {
  attachmentDisposition,
  exportBaseName,
} from '../../../server/features/export/docx/planExportData.ts'
import { buildPlanDocx } from '../../../server/features/export/index.ts'
import { documentXml } from '../../helpers/docxExport.ts'

// A 2×3 red PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEElEQVR4nGP4z8AARAwoFABE0AX7pM/egAAAAABJRU5ErkJggg==',
  'base64',
)

const text = (value: string, marks: JSONContent['marks'] = []): JSONContent => ({
  type: 'text',
  text: value,
  marks,
})
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
const item = (value: string): JSONContent => ({
  type: 'listItem',
  content: [paragraph(text(value))],
})

const plan: JSONContent = {
  type: 'doc',
  content: [
    { type: 'planHeader', attrs: { subject: '数学', grade: '七年级', lessonTitle: '富文本课' } },
    {
      type: 'materialAnalysis',
      content: [
        paragraph(
          text('粗体', [{ type: 'bold' }]),
          text('斜体', [{ type: 'italic' }]),
          text('下划线', [{ type: 'underline' }]),
          text('链接', [{ type: 'link', attrs: { href: 'https://example.org/a' } }]),
        ),
        { type: 'bulletList', content: [item('要点一'), item('要点二')] },
        { type: 'orderedList', content: [item('第一步'), item('第二步')] },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableHeader', content: [paragraph(text('表头甲'))] },
                { type: 'tableHeader', content: [paragraph(text('表头乙'))] },
              ],
            },
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [paragraph(text('格子甲'))] },
                { type: 'tableCell', content: [paragraph(text('格子乙'))] },
              ],
            },
          ],
        },
        { type: 'image', attrs: { src: '/uploads/abc.png', alt: '示意图' } },
        { type: 'image', attrs: { src: 'https://example.org/x.png', alt: '外链图' } },
      ],
    },
    {
      type: 'teachingProcess',
      content: [
        {
          type: 'processStep',
          attrs: { name: '导入', minutes: 5 },
          content: [
            { type: 'stepTeacher', content: [paragraph(text('提问', [{ type: 'bold' }]))] },
            { type: 'stepStudent', content: [paragraph(text('回答'))] },
            { type: 'stepIntent', content: [paragraph(text('激趣'))] },
          ],
        },
      ],
    },
  ],
}

describe('the .docx of a plan with rich content', () => {
  it('keeps marks, links, lists, tables and uploaded images', async () => {
    const size = imageSize(PNG, 'png')
    expect(size).toEqual({ width: 2, height: 3 })
    const images = new Map<string, LoadedImage>([
      [
        '/uploads/abc.png',
        { data: new Uint8Array(PNG), type: 'png', size: size ?? { width: 1, height: 1 } },
      ],
    ])
    const bytes = await buildPlanDocx({
      json: plan,
      title: '标题',
      school: '实验中学',
      signOff: null,
      images,
    })
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes })
    expect(html).toContain('<strong>粗体</strong>')
    expect(html).toContain('<em>斜体</em>')
    expect(html).toMatch(/<a href="https:\/\/example.org\/a">链接<\/a>/)
    expect(html).toMatch(/<ul><li>要点一<\/li><li>要点二<\/li><\/ul>/)
    expect(html).toMatch(/<ol><li>第一步<\/li><li>第二步<\/li><\/ol>/)
    expect(html).toMatch(/<table>.*表头甲.*格子乙.*<\/table>/s)
    expect(html).toMatch(/<img [^>]*src="data:image\/png;base64,/)
    expect(html).toContain('[图片：外链图]')
    expect(html).toContain('导入（5 分钟）')
    expect(html).toContain('<strong>提问</strong>')
    const xml = await documentXml(bytes)
    expect(xml).toContain('<w:u w:val="single"/>')
    // The plan's own table repeats its header row too.
    expect(xml.match(/<w:tblHeader\/>/g)?.length).toBe(2)
  })

  it('names the file after grade, subject, lesson and sign-off, RFC 5987-encoded', () => {
    const doc = { grade: '七年级', subject: '数学', lesson: '1.2 有理数', title: '有理数' }
    const name = exportBaseName(doc, '有理数/的分类', {
      version: 3,
      by: '李红梅',
      date: '2026-12-07',
    })
    expect(name).toBe('七年级数学-有理数 的分类-共案v3')
    expect(exportBaseName(doc, '', null)).toBe('七年级数学-1.2 有理数')
    const header = attachmentDisposition('plan.docx', `${name}.docx`)
    expect(header).toBe(
      `attachment; filename="plan.docx"; filename*=UTF-8''${encodeURIComponent(`${name}.docx`)}`,
    )
    expect(dispositionFileName(header, 'x')).toBe(`${name}.docx`)
    expect(dispositionFileName('attachment; filename="plan.pdf"', 'x')).toBe('plan.pdf')
  })
})
