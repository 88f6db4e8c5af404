/**
 * The 评课报告 of an observation as a school files it: header table, the overall result, the
 * observers' totals, the items table, bonus, the proposed 研讨议程, planned vs actual timing,
 * the 随堂记录 by step and the 评语. Built from the report the caller reads (so names are hidden
 * exactly where the JSON report hides them).
 */
import { Paragraph, TextRun } from 'docx'
import type {
  ObservationReport,
  ReportItem,
  ReportNote,
} from '../../../../shared/observations/observationApi.ts'
import type { Spread } from '../../../../shared/observations/scoring.ts'
import type { Block } from '../docx/blocks.ts'
import { gridTable, labelValueTable } from '../docx/cells.ts'
import { headingParagraph, packDocx, titleParagraph } from '../docx/documentFrame.ts'
import { TEXT_WIDTH } from '../docx/fonts.ts'
import { beijingDate } from '../docx/planExportData.ts'

/** Title of the report. */
export const REPORT_TITLE = '评课报告'

/** Section headings of the report, in order. */
export const REPORT_HEADINGS = {
  summary: '总评',
  observers: '观课教师评分',
  items: '各项得分',
  bonus: '加分',
  agenda: '研讨议程（得分最低的项目）',
  timing: '时间分配（分钟）',
  notes: '随堂记录',
  comments: '评语',
} as const

/** Heading of the notes about the whole lesson. */
export const GENERAL_NOTES = '整节课'

/** Most observers that get a column of their own in the items table; more share one column. */
export const MAX_OBSERVER_COLUMNS = 5

const NONE = '—'
const WIDE_LABELS = new Set(['课题', '评课表', '学校'])

/** A number with at most one decimal (86.5, 90). */
function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10)
}

function percentText(fraction: number | null): string {
  return fraction === null ? NONE : `${oneDecimal(fraction * 100)}%`
}

function rangeText(stats: Spread | null): string {
  return stats ? `${oneDecimal(stats.min)}–${oneDecimal(stats.max)}` : NONE
}

function clock(at: number): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at))
}

function line(text: string, bold = false): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, bold })] })
}

function bullet(text: string): Paragraph {
  return new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text })] })
}

function headerTable(report: ObservationReport): Block {
  const { observation } = report
  const end = observation.startsAt + observation.durationMinutes * 60_000
  return labelValueTable(
    [
      ['授课教师', observation.teacher.displayName],
      ['班级', observation.className],
      ['学校', observation.teacher.schoolName],
      ['地点', observation.room],
      ['时间', `${beijingDate(observation.startsAt)} ${clock(observation.startsAt)}–${clock(end)}`],
      ['课题', `${observation.documentTitle}（教案版本：${observation.versionName}）`],
      ['评课表', `${observation.rubricName}（第 ${observation.rubricVersion} 版）`],
    ],
    WIDE_LABELS,
  )
}

function summaryBlocks(report: ObservationReport): Block[] {
  const { total } = report
  if (total.stats === null) return [line('还没有评分。')]
  return [
    line(
      `平均总分 ${oneDecimal(total.stats.mean)}（最低 ${oneDecimal(total.stats.min)}，最高 ${oneDecimal(total.stats.max)}，共 ${total.sheets} 份记录）`,
    ),
    line(`平均得分率 ${percentText(total.meanPercent === null ? null : total.meanPercent / 100)}`),
    line(`等级：${total.grade ?? NONE}`, true),
  ]
}

function observersTable(report: ObservationReport): Block[] {
  const blocks: Block[] = []
  if (report.namesHidden) blocks.push(line('按教研组设置，观课教师姓名对授课教师隐藏。'))
  if (report.observers.length === 0) return [...blocks, line('（无观课教师）')]
  blocks.push(
    gridTable(
      [700, 2000, TEXT_WIDTH - 6500, 1000, 1000, 900, 900],
      ['序号', '观课教师', '学校', '总分', '得分率', '等级', '提交'],
      report.observers.map((observer) => [
        String(observer.index + 1),
        observer.label,
        observer.person?.schoolName ?? NONE,
        oneDecimal(observer.total),
        percentText(observer.percent === null ? null : observer.percent / 100),
        observer.grade ?? NONE,
        observer.submittedAt === null ? '未提交' : '已提交',
      ]),
    ),
  )
  return blocks
}

function scoreOf(item: { scores: ReportItem['scores'] }, observer: number): string {
  const found = item.scores.find((score) => score.observer === observer)
  return found ? oneDecimal(found.value) : NONE
}

function itemsTable(report: ObservationReport): Block {
  if (report.items.length === 0) return line('（评课表没有评价项目）')
  const fixed = [700, 800, 1200, 900]
  const columns = report.observers.length <= MAX_OBSERVER_COLUMNS
  const observerColumns = columns ? report.observers.length : 1
  const share = Math.floor((TEXT_WIDTH - 2100 - 3600) / Math.max(observerColumns, 1))
  const observerTitles = columns
    ? report.observers.map((observer) => observer.label)
    : ['各观课教师评分']
  return gridTable(
    [2100, ...fixed, ...Array.from({ length: observerColumns }, () => share)],
    ['评价项目', '权重', '平均', '最低–最高', '标准差', ...observerTitles],
    report.items.map((item) => [
      item.name,
      oneDecimal(item.weight),
      item.stats ? oneDecimal(item.stats.mean) : NONE,
      rangeText(item.stats),
      item.stats ? oneDecimal(item.stats.stdDev) : NONE,
      ...(columns
        ? report.observers.map((observer) => scoreOf(item, observer.index))
        : [
            report.observers
              .map((observer) => `${observer.label} ${scoreOf(item, observer.index)}`)
              .join('；'),
          ]),
    ]),
  )
}

function bonusBlocks(report: ObservationReport): Block {
  if (report.bonus.length === 0) return line('（评课表没有加分项）')
  return gridTable(
    [2600, 900, 900, TEXT_WIDTH - 4400],
    ['加分项目', '上限', '平均', '各观课教师加分'],
    report.bonus.map((entry) => [
      entry.name,
      String(entry.max),
      entry.stats ? oneDecimal(entry.stats.mean) : NONE,
      entry.scores.length === 0
        ? NONE
        : entry.scores
            .map((score) => `${report.observers[score.observer]?.label ?? ''} ${score.value}`)
            .join('；'),
    ]),
  )
}

function agendaBlocks(report: ObservationReport): Block[] {
  if (report.agenda.length === 0) return [line('还没有评分，无法生成议程。')]
  return report.agenda.map((item, index) => line(`${index + 1}. ${item.title}`))
}

function timingTable(report: ObservationReport): Block {
  if (report.steps.length === 0) return line('（教案没有教学过程环节）')
  return gridTable(
    [700, TEXT_WIDTH - 4300, 1200, 1200, 1200],
    ['序号', '环节', '计划', '实际', '差值'],
    report.steps.map((step) => [
      String(step.index + 1),
      step.name,
      String(step.planned),
      step.actual === null ? '未计时' : oneDecimal(step.actual),
      step.actual === null
        ? NONE
        : `${step.actual - step.planned > 0 ? '+' : ''}${oneDecimal(step.actual - step.planned)}`,
    ]),
  )
}

function noteLine(report: ObservationReport, note: ReportNote): Paragraph {
  const who = report.observers[note.observer]?.label ?? ''
  return bullet(`${clock(note.at)} ${who}：${note.text}`)
}

function notesBlocks(report: ObservationReport): Block[] {
  const groups = [
    ...report.steps.map((step) => ({
      title: `${step.index + 1}. ${step.name}`,
      notes: step.notes,
    })),
    { title: GENERAL_NOTES, notes: report.generalNotes },
  ].filter((group) => group.notes.length > 0)
  if (groups.length === 0) return [line('没有记录')]
  return groups.flatMap((group) => [
    line(group.title, true),
    ...group.notes.map((note) => noteLine(report, note)),
  ])
}

function commentsBlocks(report: ObservationReport): Block[] {
  if (report.comments.length === 0) return [line('（没有评语）')]
  return report.comments.flatMap((comment) => {
    const blocks: Block[] = [line(report.observers[comment.observer]?.label ?? '', true)]
    if (comment.strengths.trim() !== '') blocks.push(line(`亮点：${comment.strengths.trim()}`))
    if (comment.suggestions.length > 0) blocks.push(line('建议：'))
    for (const suggestion of comment.suggestions) {
      const step = suggestion.step === null ? undefined : report.steps[suggestion.step]
      blocks.push(bullet(step ? `【环节：${step.name}】${suggestion.text}` : suggestion.text))
    }
    return blocks
  })
}

/** The blocks of the report, in order. */
export function reportBlocks(report: ObservationReport): Block[] {
  return [
    titleParagraph(REPORT_TITLE),
    ...(report.live ? [line('听课尚未结束：这是实时汇总，观课教师还在填写。')] : []),
    headerTable(report),
    headingParagraph(REPORT_HEADINGS.summary),
    ...summaryBlocks(report),
    headingParagraph(REPORT_HEADINGS.observers),
    ...observersTable(report),
    headingParagraph(REPORT_HEADINGS.items),
    itemsTable(report),
    headingParagraph(REPORT_HEADINGS.bonus),
    bonusBlocks(report),
    headingParagraph(REPORT_HEADINGS.agenda),
    ...agendaBlocks(report),
    headingParagraph(REPORT_HEADINGS.timing),
    timingTable(report),
    headingParagraph(REPORT_HEADINGS.notes),
    ...notesBlocks(report),
    headingParagraph(REPORT_HEADINGS.comments),
    ...commentsBlocks(report),
  ]
}

/** Builds the .docx of an observation's report: A4, 宋体/黑体, footer with page numbers. */
export function buildReportDocx(report: ObservationReport): Promise<Buffer> {
  const { observation } = report
  const date = beijingDate(observation.startsAt)
  return packDocx(`${REPORT_TITLE} · ${observation.documentTitle} · ${date}`, [
    {
      blocks: reportBlocks(report),
      footerLines: [`${observation.teacher.displayName} · ${observation.className} · ${date}`],
    },
  ])
}
