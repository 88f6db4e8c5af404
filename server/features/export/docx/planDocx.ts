import type { JSONContent } from '@tiptap/core'
import { AlignmentType, HeadingLevel, Paragraph, Table, TableRow, TextRun, WidthType } from 'docx'
import { headerOf } from '../../../../shared/editor/header.ts'
import { minutesOf } from '../../../../shared/editor/minutes.ts'
import {
  type PlanHeaderFields,
  PROCESS_STEP_NODE,
  SECTIONS,
  STEP_COLUMNS,
  sectionByNode,
} from '../../../../shared/editor/planSchema.ts'
import { type Block, type LoadedImage, toBlocks } from './blocks.ts'
import { cell, labelValueTable, textCell } from './cells.ts'
import { headingParagraph, packDocx, titleParagraph } from './documentFrame.ts'
import { HEADING_FONT, TABLE_SIZE, TEXT_WIDTH } from './fonts.ts'

/** The sign-off a signed common plan carries in its footer. */
export interface PlanSignOff {
  /** The sign-off's number (共案 vN). */
  version: number
  /** Who signed it off. */
  by: string
  /** When, as YYYY-MM-DD (Beijing time). */
  date: string
}

/** What the export needs besides the plan's JSON. */
export interface PlanDocxInput {
  json: JSONContent
  /** The document's title (used when the header has no 课题). */
  title: string
  /** The school's name (学校 in the header table). */
  school: string
  signOff: PlanSignOff | null
  /** Images by `src`, loaded beforehand (missing ones are replaced by their alt text). */
  images: ReadonlyMap<string, LoadedImage>
  /** A line of the footer above the page numbers (a version's name, a library attribution). */
  footerNote?: string
  /** Blocks after the ten sections (a 个案's 「与共案的差异」). */
  appendix?: Block[]
}

/** Column widths of the 教学过程 table in twips: 环节（时间）| 教师活动 | 学生活动 | 设计意图. */
export const PROCESS_COLUMN_WIDTHS = [1500, 2500, 2400, TEXT_WIDTH - 6400]

/** Title of the 教学过程 table's first column. */
export const STEP_COLUMN_TITLE = '环节（时间）'

/** The header's 课时 as text, e.g. 2 课时（每课时 45 分钟）. */
export function periodsText(header: PlanHeaderFields): string {
  return `${header.periods} 课时（每课时 ${header.periodMinutes} 分钟）`
}

/** The header rows as label/value pairs, in the export's order. */
export function headerPairs(header: PlanHeaderFields, school: string): Array<[string, string]> {
  return [
    ['学科', header.subject],
    ['年级', header.grade],
    ['教材版本', header.textbookEdition],
    ['单元', header.unit],
    ['课题', header.lessonTitle],
    ['课型', header.lessonType],
    ['课时', periodsText(header)],
    ['主备人', header.mainPreparer],
    ['参与教师', header.participants],
    ['学校', school],
  ]
}

const WIDE_HEADER_LABELS = new Set(['课题', '参与教师', '学校'])

function headerTable(header: PlanHeaderFields, school: string): Table {
  return labelValueTable(headerPairs(header, school), WIDE_HEADER_LABELS)
}

/** The name and minutes of a step as the first column shows them, e.g. 导入（5 分钟）. */
export function stepLabel(name: string, minutes: number): string {
  return `${name || '（未命名）'}（${minutes} 分钟）`
}

function processTable(section: JSONContent, images: ReadonlyMap<string, LoadedImage>): Table {
  const context = { images, size: TABLE_SIZE }
  const widths = PROCESS_COLUMN_WIDTHS
  const titles = [STEP_COLUMN_TITLE, ...STEP_COLUMNS.map((column) => column.label['zh-CN'])]
  const steps = (section.content ?? []).filter((step) => step.type === PROCESS_STEP_NODE)
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: titles.map((title, index) =>
          textCell(title, widths[index] ?? 0, { bold: true, shaded: true }),
        ),
      }),
      ...steps.map((step) => {
        const name = typeof step.attrs?.name === 'string' ? step.attrs.name : ''
        const columns = STEP_COLUMNS.map((column) =>
          (step.content ?? []).find((child) => child.type === column.node),
        )
        return new TableRow({
          cantSplit: true,
          children: [
            textCell(stepLabel(name, minutesOf(step.attrs?.minutes)), widths[0] ?? 0, {
              bold: true,
            }),
            ...columns.map((column, index) =>
              cell(
                (column?.content ?? []).flatMap((child) => toBlocks(child, context)),
                widths[index + 1] ?? 0,
              ),
            ),
          ],
        })
      }),
    ],
  })
}

/** The footer line of a signed common plan: `共案 v3 · 签发 李红梅 2026-11-20`. */
export function signOffLine(signOff: PlanSignOff | null): string[] {
  return signOff ? [`共案 v${signOff.version} · 签发 ${signOff.by} ${signOff.date}`] : []
}

/** Options of {@link planBlocks}: how the plan's title paragraph starts (in a binder). */
export interface PlanBlockOptions {
  /** Start the plan on a new page. */
  pageBreakBefore?: boolean
  /** Make the title a Heading 1, so that a table of contents lists it. */
  tocEntry?: boolean
}

function planTitle(title: string, options: PlanBlockOptions): Paragraph {
  if (!options.tocEntry) return titleParagraph(title, options)
  return new Paragraph({
    heading: HeadingLevel.HEADING_1,
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    pageBreakBefore: options.pageBreakBefore,
    children: [new TextRun({ text: title, bold: true, font: HEADING_FONT, size: 36 })],
  })
}

/** The blocks of a plan: its title, header table and ten sections (also used by the binder). */
export function planBlocks(input: PlanDocxInput, options: PlanBlockOptions = {}): Block[] {
  const header = headerOf(input.json)
  const title = header.lessonTitle || input.title
  const blocks: Block[] = [planTitle(title, options), headerTable(header, input.school)]
  for (const def of SECTIONS) {
    const node = (input.json.content ?? []).find((child) => sectionByNode(child.type) === def)
    blocks.push(headingParagraph(def.label['zh-CN']))
    if (!node) continue
    if (def.key === 'process') blocks.push(processTable(node, input.images))
    else blocks.push(...(node.content ?? []).flatMap((child) => toBlocks(child, input)))
  }
  blocks.push(...(input.appendix ?? []))
  return blocks
}

/** Builds the .docx of a lesson plan: A4, 宋体/黑体, header table, ten sections, footer. */
export async function buildPlanDocx(input: PlanDocxInput): Promise<Buffer> {
  const header = headerOf(input.json)
  return packDocx(header.lessonTitle || input.title, [
    {
      blocks: planBlocks(input),
      footerLines: [...(input.footerNote ? [input.footerNote] : []), ...signOffLine(input.signOff)],
    },
  ])
}
