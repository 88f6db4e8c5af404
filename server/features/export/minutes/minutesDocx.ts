/**
 * The 集体备课记录 of a meeting as a school files it: header table, attendance by school,
 * agenda, speakers, votes, decisions with the plan sections the meeting changed, then the
 * record document's own content.
 */
import { AlignmentType, HeadingLevel, Paragraph, Table, TableRow, TextRun, WidthType } from 'docx'
import type { DiffStatus } from '../../../../shared/editor/planDiff.ts'
import { type Block, TABLE_LINE_SPACING, toBlocks } from '../docx/blocks.ts'
import { cell, gridTable, labelValueTable, textCell } from '../docx/cells.ts'
import { headingParagraph, packDocx, titleParagraph } from '../docx/documentFrame.ts'
import { HEADING_FONT, TABLE_SIZE, TEXT_WIDTH } from '../docx/fonts.ts'
import type { ChangedSection, MinutesFacts } from './minutesData.ts'
import { recordNotes } from './recordNotes.ts'

/** Title of the record. */
export const MINUTES_TITLE = '集体备课记录'

/** Section headings of the record, in order. */
export const MINUTES_HEADINGS = {
  attendance: '出席',
  agenda: '议程',
  speakers: '发言',
  votes: '表决',
  decisions: '决议与教案修改',
  notes: '研讨记录',
} as const

/** What the record says when nobody was given the floor. */
export const NO_SPEAKERS = '本次研讨主持人未指定发言人（发言人按主持人给出发言权的顺序记录）。'

const STATUS_TEXT: Record<DiffStatus, string> = {
  same: '未变',
  changed: '修改',
  added: '新增',
  removed: '删除',
}

const WIDE_LABELS = new Set(['教研组', '课题'])

function note(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text })] })
}

function bullet(text: string): Paragraph {
  return new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text })] })
}

function tableLine(text: string, bold = false): Paragraph {
  return new Paragraph({
    ...TABLE_LINE_SPACING,
    children: [
      new TextRun({ text, size: TABLE_SIZE, ...(bold ? { bold: true, font: HEADING_FONT } : {}) }),
    ],
  })
}

function attendanceTable(facts: MinutesFacts): Block {
  if (facts.attendance.length === 0) return note('（无人出席记录）')
  return gridTable(
    [2000, 3300, TEXT_WIDTH - 5300],
    ['学校', '出席', '缺席'],
    facts.attendance.map((school) => [
      school.school,
      school.present.join('、') || '—',
      school.absent.join('、') || '—',
    ]),
  )
}

function agendaTable(facts: MinutesFacts): Block {
  if (facts.agenda.length === 0) return note('（无议程）')
  return gridTable(
    [800, TEXT_WIDTH - 2600, 1800],
    ['序号', '议程', '计划时长'],
    facts.agenda.map((item, index) => [String(index + 1), item.title, `${item.minutes} 分钟`]),
  )
}

function speakersTable(facts: MinutesFacts): Block {
  if (facts.speakers.length === 0) return note(NO_SPEAKERS)
  return gridTable(
    [800, 2600, TEXT_WIDTH - 4800, 1400],
    ['序号', '发言人', '学校', '发言次数'],
    facts.speakers.map((speaker, index) => [
      String(index + 1),
      speaker.name,
      speaker.school,
      String(speaker.turns),
    ]),
  )
}

function votesTable(facts: MinutesFacts): Block {
  if (facts.votes.length === 0) return note('本次研讨未进行表决。')
  return gridTable(
    [TEXT_WIDTH - 4400, 900, 900, 900, 1700],
    ['表决事项', '同意', '反对', '弃权', '结果'],
    facts.votes.map((vote) => [
      vote.proposal,
      String(vote.agree),
      String(vote.disagree),
      String(vote.abstain),
      vote.result,
    ]),
  )
}

function changeLines(change: ChangedSection): Paragraph[] {
  const lines = [
    ...change.inserted.map((text) => `新增：${text}`),
    ...change.deleted.map((text) => `删去：${text}`),
  ]
  if (change.authors.length > 0) lines.push(`修改人：${change.authors.join('、')}`)
  return (lines.length > 0 ? lines : ['（格式或结构调整）']).map((line) => tableLine(line))
}

const CHANGE_WIDTHS = [1800, 900, TEXT_WIDTH - 2700]

function changesTable(changes: readonly ChangedSection[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: CHANGE_WIDTHS,
    rows: [
      new TableRow({
        tableHeader: true,
        children: ['教案部分', '变化', '修改内容'].map((title, index) =>
          textCell(title, CHANGE_WIDTHS[index] ?? 0, { bold: true, shaded: true }),
        ),
      }),
      ...changes.map(
        (change) =>
          new TableRow({
            children: [
              textCell(change.title, CHANGE_WIDTHS[0] ?? 0, { bold: true }),
              textCell(STATUS_TEXT[change.status], CHANGE_WIDTHS[1] ?? 0),
              cell(changeLines(change), CHANGE_WIDTHS[2] ?? 0),
            ],
          }),
      ),
    ],
  })
}

function decisionBlocks(facts: MinutesFacts): Block[] {
  const blocks: Block[] = []
  const passed = facts.votes.filter((vote) => vote.result === '通过')
  for (const vote of passed) blocks.push(bullet(`表决通过：${vote.proposal}`))
  for (const line of facts.decisions) blocks.push(bullet(line))
  if (blocks.length === 0) blocks.push(note('（无决议）'))
  blocks.push(
    new Paragraph({
      spacing: { before: 120 },
      children: [new TextRun({ text: '本次研讨修改的教案部分：', bold: true })],
    }),
  )
  if (facts.changes === null) {
    blocks.push(note('未找到本次研讨开始时的版本，无法列出修改的教案部分。'))
  } else if (facts.changes.length === 0) {
    blocks.push(note('本次研讨未修改教案。'))
  } else {
    blocks.push(changesTable(facts.changes))
  }
  return blocks
}

/** Options of {@link minutesBlocks} inside a binder. */
export interface MinutesBlockOptions {
  pageBreakBefore?: boolean
  /** Make the title a Heading 2, under its plan in the binder's table of contents. */
  tocEntry?: boolean
}

function minutesTitle(facts: MinutesFacts, options: MinutesBlockOptions): Paragraph {
  if (!options.tocEntry) return titleParagraph(MINUTES_TITLE, options)
  return new Paragraph({
    heading: HeadingLevel.HEADING_2,
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    pageBreakBefore: options.pageBreakBefore,
    children: [
      new TextRun({
        text: `${MINUTES_TITLE} · ${facts.date}`,
        bold: true,
        font: HEADING_FONT,
        size: 32,
      }),
    ],
  })
}

/** The blocks of one meeting's record (also used by the term binder). */
export function minutesBlocks(facts: MinutesFacts, options: MinutesBlockOptions = {}): Block[] {
  const header = labelValueTable(
    [
      ['日期', facts.date],
      ['时间', facts.time],
      ['教研组', facts.groupName],
      ['主持人', facts.hostName],
      ['主备人', facts.mainPreparer],
      ['课题', facts.planTitle],
    ],
    WIDE_LABELS,
  )
  const notes = facts.record ? recordNotes(facts.record) : []
  const context = { images: new Map() }
  return [
    minutesTitle(facts, options),
    header,
    headingParagraph(MINUTES_HEADINGS.attendance),
    attendanceTable(facts),
    headingParagraph(MINUTES_HEADINGS.agenda),
    agendaTable(facts),
    headingParagraph(MINUTES_HEADINGS.speakers),
    speakersTable(facts),
    headingParagraph(MINUTES_HEADINGS.votes),
    votesTable(facts),
    headingParagraph(MINUTES_HEADINGS.decisions),
    ...decisionBlocks(facts),
    headingParagraph(MINUTES_HEADINGS.notes),
    ...(notes.length > 0 ? notes.flatMap((node) => toBlocks(node, context)) : [note('（无）')]),
  ]
}

/** Builds the .docx of one meeting's record: A4, 宋体/黑体, footer with page numbers. */
export function buildMinutesDocx(facts: MinutesFacts): Promise<Buffer> {
  return packDocx(`${MINUTES_TITLE} · ${facts.planTitle} · ${facts.date}`, [
    { blocks: minutesBlocks(facts), footerLines: [`${facts.groupName} · ${MINUTES_TITLE}`] },
  ])
}
