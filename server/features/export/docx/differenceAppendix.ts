import { Paragraph, TextRun } from 'docx'
import type { Block } from './blocks.ts'
import { HEADING_FONT } from './fonts.ts'
import type { DifferenceLine, PartDifference } from './planDifferences.ts'

/** Title of the appendix of an exported 个案. */
export const DIFFERENCE_APPENDIX_TITLE = '与共案的差异'

const STATUS_LABEL: Record<PartDifference['status'], string> = {
  changed: '有修改',
  added: '新增',
  removed: '删去',
}

const LINE_LABEL: Record<DifferenceLine['kind'], string> = {
  added: '新增',
  removed: '删去',
  changed: '修改',
}

/** Which common plan the 个案 is compared with, as the appendix's first line says it. */
export interface AppendixBase {
  /** The common plan's title. */
  title: string
  /** The version taken in, e.g. 共案签发 v2. */
  versionName: string
  /** When that version was made, YYYY-MM-DD. */
  date: string
}

function lineParagraph(line: DifferenceLine): Paragraph {
  return new Paragraph({
    indent: { left: 420 },
    children: [
      new TextRun({ text: `${LINE_LABEL[line.kind]}：`, bold: true }),
      new TextRun({ text: line.text, strike: line.kind === 'removed' || undefined }),
    ],
  })
}

/**
 * The 「与共案的差异」 section ending an exported 个案: which signed common plan it is compared
 * with, then per changed part what was added, removed or changed.
 */
export function differenceAppendix(base: AppendixBase, differences: PartDifference[]): Block[] {
  const blocks: Block[] = [
    new Paragraph({
      pageBreakBefore: true,
      spacing: { before: 240, after: 120 },
      keepNext: true,
      children: [
        new TextRun({
          text: DIFFERENCE_APPENDIX_TITLE,
          bold: true,
          font: HEADING_FONT,
          size: 28,
        }),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun({
          text: `对照：共案《${base.title}》${base.versionName}（${base.date}），即本个案所依据的签发版本。`,
        }),
      ],
    }),
  ]
  if (differences.length === 0) {
    blocks.push(new Paragraph({ children: [new TextRun('与共案相同，没有改动。')] }))
    return blocks
  }
  for (const part of differences) {
    blocks.push(
      new Paragraph({
        spacing: { before: 120 },
        keepNext: true,
        children: [
          new TextRun({ text: `${part.title}（${STATUS_LABEL[part.status]}）`, bold: true }),
        ],
      }),
      ...part.lines.map(lineParagraph),
    )
  }
  return blocks
}
