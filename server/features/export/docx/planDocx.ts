import type { JSONContent } from '@tiptap/core'
import {
  AlignmentType,
  Document,
  Footer,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { headerOf } from '../../../../shared/editor/header.ts'
import { minutesOf } from '../../../../shared/editor/minutes.ts'
import {
  type PlanHeaderFields,
  PROCESS_STEP_NODE,
  SECTIONS,
  STEP_COLUMNS,
  sectionByNode,
} from '../../../../shared/editor/planSchema.ts'
import {
  type Block,
  CELL_BORDERS,
  type LoadedImage,
  ORDERED_LIST,
  TABLE_LINE_SPACING,
  toBlocks,
} from './blocks.ts'
import { BODY_FONT, BODY_SIZE, HEADING_FONT, PAGE, TABLE_SIZE, TEXT_WIDTH } from './fonts.ts'

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

function headingParagraph(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [new TextRun({ text, bold: true, font: HEADING_FONT, size: 28 })],
  })
}

function cell(blocks: Block[], width: number, options: { shaded?: boolean; span?: number } = {}) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: CELL_BORDERS,
    columnSpan: options.span,
    ...(options.shaded
      ? { shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } }
      : {}),
    children: blocks.length > 0 ? blocks : [new Paragraph({})],
  })
}

function textCell(
  text: string,
  width: number,
  options: { bold?: boolean; shaded?: boolean; span?: number } = {},
) {
  return cell(
    [
      new Paragraph({
        ...TABLE_LINE_SPACING,
        children: [
          new TextRun({
            text,
            size: TABLE_SIZE,
            ...(options.bold ? { bold: true, font: HEADING_FONT } : {}),
          }),
        ],
      }),
    ],
    width,
    options,
  )
}

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

const LABEL_WIDTH = 1300

function headerTable(header: PlanHeaderFields, school: string): Table {
  const pairs = headerPairs(header, school)
  const valueWidth = Math.floor((TEXT_WIDTH - 2 * LABEL_WIDTH) / 2)
  const wide = new Set(['课题', '参与教师', '学校'])
  const rows: TableRow[] = []
  let pending: Array<[string, string]> = []
  const flush = () => {
    if (pending.length === 0) return
    rows.push(
      new TableRow({
        children: pending.flatMap(([label, value]) => [
          textCell(label, LABEL_WIDTH, { bold: true, shaded: true }),
          textCell(value, valueWidth),
        ]),
      }),
    )
    pending = []
  }
  for (const pair of pairs) {
    if (wide.has(pair[0])) {
      flush()
      rows.push(
        new TableRow({
          children: [
            textCell(pair[0], LABEL_WIDTH, { bold: true, shaded: true }),
            textCell(pair[1], TEXT_WIDTH - LABEL_WIDTH, { span: 3 }),
          ],
        }),
      )
    } else {
      pending.push(pair)
      if (pending.length === 2) flush()
    }
  }
  flush()
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LABEL_WIDTH, valueWidth, LABEL_WIDTH, valueWidth],
    rows,
  })
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

function footer(signOff: PlanSignOff | null, note: string | undefined): Footer {
  const size = 18
  return new Footer({
    children: [
      ...(note
        ? [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: note, size })],
            }),
          ]
        : []),
      ...(signOff
        ? [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [
                new TextRun({
                  text: `共案 v${signOff.version} · 签发 ${signOff.by} ${signOff.date}`,
                  size,
                }),
              ],
            }),
          ]
        : []),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size,
            children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
          }),
        ],
      }),
    ],
  })
}

function body(input: PlanDocxInput): Block[] {
  const header = headerOf(input.json)
  const title = header.lessonTitle || input.title
  const blocks: Block[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: title, bold: true, font: HEADING_FONT, size: 36 })],
    }),
    headerTable(header, input.school),
  ]
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
  const document = new Document({
    creator: 'Jibei',
    title: header.lessonTitle || input.title,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE },
          paragraph: { spacing: { line: 360 } },
        },
        heading1: { run: { font: HEADING_FONT } },
      },
    },
    numbering: {
      config: [
        {
          reference: ORDERED_LIST,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: level % 2 === 0 ? LevelFormat.DECIMAL : LevelFormat.LOWER_LETTER,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 420 * (level + 1), hanging: 420 } } },
          })),
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.marginTopBottom,
              bottom: PAGE.marginTopBottom,
              left: PAGE.marginLeftRight,
              right: PAGE.marginLeftRight,
            },
          },
        },
        footers: { default: footer(input.signOff, input.footerNote) },
        children: body(input),
      },
    ],
  })
  return Packer.toBuffer(document)
}
