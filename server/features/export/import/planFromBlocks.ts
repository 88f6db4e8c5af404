import type { JSONContent } from '@tiptap/core'
import { normalizePlanJSON } from '../../../../shared/editor/derive.ts'
import { normalizeHeader } from '../../../../shared/editor/header.ts'
import {
  type PlanStepParts,
  paragraphsJSON,
  stepJSON,
} from '../../../../shared/editor/planContent.ts'
import {
  DEFAULT_HEADER,
  PLAN_HEADER_NODE,
  type PlanHeaderFields,
  type PlanHeaderKey,
  PROSE_SECTION_KEYS,
  type ProseSectionKey,
  SECTIONS,
  type SectionKey,
  STEP_COLUMNS,
  sectionDef,
} from '../../../../shared/editor/planSchema.ts'
import type { UnplacedReason } from '../../../../shared/export/importApi.ts'
import type { DocxBlock, TableBlock } from './docxBlocks.ts'
import { headerLine, matchHeaderLabel, matchSectionTitle, parseStepName } from './titles.ts'

/** One piece of a prose section: a paragraph or an image (index into the file's images). */
export type ImportItem = { kind: 'text'; text: string } | { kind: 'image'; index: number }

/** Something that could not be placed in a part of the plan, kept in 未归类内容. */
export interface UnplacedItem {
  /** Its text (or 「图片」). */
  text: string
  /** Why it was not placed. */
  reason: UnplacedReason
  /** An image, when it is one. */
  image?: number
}

/** Where a heading of the file sent what follows it. */
export interface Placement {
  /** The heading as written. */
  heading: string
  /** The plan section. */
  key: SectionKey
  /** A remark, e.g. that 重难点 went to 教学重点. */
  note?: string
}

/** The column of a step an image of the process table goes to. */
export type StepImageColumn = 'teacher' | 'student' | 'intent'

/** A 教学过程 step of the file: its texts, and the images of its cells by column. */
export interface ImportedStep extends PlanStepParts {
  images: Record<StepImageColumn, number[]>
}

/** A Word plan split into the parts of a plan. */
export interface ImportedPlan {
  header: PlanHeaderFields
  /** Header fields the file set. */
  headerFound: PlanHeaderKey[]
  sections: Record<ProseSectionKey, ImportItem[]>
  steps: ImportedStep[]
  placements: Placement[]
  unplaced: UnplacedItem[]
}

/** Zh-CN marker paragraph before the unplaced content (kept at the end of 教学反思). */
export const UNPLACED_TITLE = '【未归类内容】'

const COLUMN_HEADERS: ReadonlyArray<readonly [keyof PlanStepParts, RegExp]> = [
  ['name', /环节|步骤|流程|阶段|过程/u],
  ['teacher', /教师/u],
  ['student', /学生/u],
  ['intent', /意图|目的|说明/u],
]

function stepColumns(table: TableBlock): {
  columns: Array<keyof PlanStepParts | undefined>
  /** Index of the first row of steps (1 after a header row). */
  first: number
} {
  const first = table.rows[0] ?? []
  const named = first.map((cell) => COLUMN_HEADERS.find(([, pattern]) => pattern.test(cell))?.[0])
  if (named.filter((key) => key !== undefined).length >= 2) return { columns: named, first: 1 }
  const width = Math.max(...table.rows.map((row) => row.length))
  const columns: Array<keyof PlanStepParts> =
    width >= 4 ? ['name', 'teacher', 'student', 'intent'] : ['teacher', 'student', 'intent']
  return { columns, first: 0 }
}

/**
 * The steps of a 教学过程 table (3 or 4 columns, an optional header row), each cell's images
 * kept in its column (those of the 环节 column go to 教师活动).
 */
export function stepsOfTable(table: TableBlock): ImportedStep[] {
  const { columns, first } = stepColumns(table)
  const steps: ImportedStep[] = []
  table.rows.forEach((row, rowIndex) => {
    if (rowIndex < first) return
    const rowImages = table.cellImages[rowIndex] ?? []
    if (row.every((cell) => cell.trim() === '') && rowImages.flat().length === 0) return
    const step: ImportedStep = {
      name: '',
      minutes: 0,
      teacher: '',
      student: '',
      intent: '',
      images: { teacher: [], student: [], intent: [] },
    }
    row.forEach((cell, index) => {
      const key = columns[index]
      const images = rowImages[index] ?? []
      if (key === 'name') {
        Object.assign(step, parseStepName(cell.replace(/\n/gu, ' ')))
        step.images.teacher.push(...images)
      } else if (key === 'teacher' || key === 'student' || key === 'intent') {
        step[key] = step[key] === '' ? cell : `${step[key]}\n${cell}`
        step.images[key].push(...images)
      }
    })
    steps.push(step)
  })
  return steps
}

/** The images of a process table that no step holds (in its header row, or an unknown column). */
function imagesOutsideSteps(table: TableBlock, steps: readonly ImportedStep[]): number[] {
  const held = new Set(
    steps.flatMap((step) => [
      ...step.images.teacher,
      ...step.images.student,
      ...step.images.intent,
    ]),
  )
  return table.images.filter((image) => !held.has(image))
}

function setHeader(plan: ImportedPlan, key: PlanHeaderKey, value: string): void {
  const trimmed = value.trim()
  if (trimmed === '') return
  const header: Record<PlanHeaderKey, unknown> = { ...plan.header }
  header[key] =
    key === 'periods' || key === 'periodMinutes' ? (/\d+/u.exec(trimmed)?.[0] ?? '') : trimmed
  plan.header = normalizeHeader(header)
  if (!plan.headerFound.includes(key)) plan.headerFound.push(key)
}

/** Reads label | value pairs of a header table; false when it is not one. */
function readHeaderTable(plan: ImportedPlan, table: TableBlock): boolean {
  const cells = table.rows.flat()
  const labels = cells.filter((cell) => matchHeaderLabel(cell) !== undefined).length
  if (labels < 2) return false
  for (const row of table.rows) {
    for (let i = 0; i < row.length; i += 1) {
      const key = matchHeaderLabel(row[i] ?? '')
      const line = headerLine(row[i] ?? '')
      if (key) {
        setHeader(plan, key, row[i + 1] ?? '')
        i += 1
      } else if (line) setHeader(plan, line.key, line.value)
      else if ((row[i] ?? '').trim() !== '') {
        plan.unplaced.push({ text: row[i] ?? '', reason: 'unknown_header_field' })
      }
    }
  }
  return true
}

function emptySections(): Record<ProseSectionKey, ImportItem[]> {
  const entries = PROSE_SECTION_KEYS.map((key): [ProseSectionKey, ImportItem[]] => [key, []])
  return Object.fromEntries(entries) as Record<ProseSectionKey, ImportItem[]>
}

/** A heading-like paragraph: a Word heading, or a short all-bold line, or a numbered title. */
function sectionHeading(block: DocxBlock): ReturnType<typeof matchSectionTitle> {
  if (block.kind !== 'paragraph' || block.text.includes('\n')) return undefined
  return matchSectionTitle(block.text)
}

/** 教学目标：…  on one line: the section and the text after the colon. */
function inlineSection(
  text: string,
): { match: NonNullable<ReturnType<typeof matchSectionTitle>>; rest: string } | undefined {
  const colon = /^([^:：]{2,16})[:：]\s*(.+)$/su.exec(text)
  if (!colon) return undefined
  const match = matchSectionTitle(colon[1] ?? '')
  return match ? { match, rest: (colon[2] ?? '').trim() } : undefined
}

/** Splits the blocks of a Word plan into header, sections, steps and what could not be placed. */
export function planFromBlocks(blocks: readonly DocxBlock[]): ImportedPlan {
  const plan: ImportedPlan = {
    header: { ...DEFAULT_HEADER },
    headerFound: [],
    sections: emptySections(),
    steps: [],
    placements: [],
    unplaced: [],
  }
  let current: SectionKey | undefined
  const place = (key: SectionKey, heading: string, note?: string): void => {
    current = key
    plan.placements.push(note ? { heading, key, note } : { heading, key })
  }
  const addText = (text: string, images: readonly number[]): void => {
    if (current === undefined || current === 'process') {
      const reason = current === undefined ? 'before_sections' : 'outside_process_table'
      if (text !== '') plan.unplaced.push({ text, reason })
      for (const image of images) plan.unplaced.push({ text: '图片', reason, image })
      return
    }
    const items = plan.sections[current]
    if (text !== '') for (const line of text.split('\n')) items.push({ kind: 'text', text: line })
    for (const image of images) items.push({ kind: 'image', index: image })
  }
  for (const block of blocks) {
    if (block.kind === 'table') {
      if (current === 'process') {
        const steps = stepsOfTable(block)
        plan.steps.push(...steps)
        addText('', imagesOutsideSteps(block, steps))
        continue
      }
      if (current !== undefined || !readHeaderTable(plan, block)) {
        const lines = block.rows.map((row) => row.filter((cell) => cell !== '').join(' | '))
        addText(lines.filter((line) => line !== '').join('\n'), [])
      }
      addText('', block.images)
      continue
    }
    const heading = sectionHeading(block)
    if (heading) {
      place(heading.key, block.text, heading.note)
      addText('', block.images)
      continue
    }
    const inline = inlineSection(block.text)
    if (inline) {
      place(inline.match.key, block.text, inline.match.note)
      addText(inline.rest, block.images)
      continue
    }
    if (current === undefined) {
      const line = headerLine(block.text)
      if (line) {
        setHeader(plan, line.key, line.value)
        continue
      }
      if (block.text !== '' && plan.header.lessonTitle === '' && (block.heading || block.bold)) {
        setHeader(plan, 'lessonTitle', block.text)
        continue
      }
    }
    addText(block.text, block.images)
  }
  return plan
}

function imageJSON(index: number, srcs: readonly (string | undefined)[]): JSONContent {
  const src = srcs[index]
  return src
    ? { type: 'image', attrs: { src } }
    : { type: 'paragraph', content: [{ type: 'text', text: '[图片]' }] }
}

function itemJSON(item: ImportItem, srcs: readonly (string | undefined)[]): JSONContent {
  if (item.kind === 'text') return paragraphsJSON([item.text])[0] ?? { type: 'paragraph' }
  return imageJSON(item.index, srcs)
}

/** A step's JSON with its cells' images after the text of their columns. */
function importedStepJSON(step: ImportedStep, srcs: readonly (string | undefined)[]): JSONContent {
  const json = stepJSON(step)
  return {
    ...json,
    content: (json.content ?? []).map((column, index) => {
      const key = STEP_COLUMNS[index]?.key
      const images = key ? step.images[key] : []
      if (images.length === 0) return column
      const text = (column.content ?? []).filter(
        (node) => !(node.type === 'paragraph' && (node.content ?? []).length === 0),
      )
      return { ...column, content: [...text, ...images.map((image) => imageJSON(image, srcs))] }
    }),
  }
}

/** The section paragraphs with the unplaced content appended to the last section. */
function sectionItems(plan: ImportedPlan): Record<ProseSectionKey, ImportItem[]> {
  if (plan.unplaced.length === 0) return plan.sections
  const extra: ImportItem[] = [{ kind: 'text', text: UNPLACED_TITLE }]
  for (const item of plan.unplaced) {
    extra.push(
      item.image === undefined
        ? { kind: 'text', text: item.text }
        : { kind: 'image', index: item.image },
    )
  }
  return { ...plan.sections, reflection: [...plan.sections.reflection, ...extra] }
}

/**
 * The plan JSON (normalised through the schema) of an imported plan; `srcs[i]` is the stored
 * URL of image i (an image without one becomes a 「[图片]」 paragraph). Unplaced content ends
 * 教学反思 after a 【未归类内容】 line, so nothing of the file is dropped.
 */
export function importedPlanJSON(
  plan: ImportedPlan,
  srcs: readonly (string | undefined)[] = [],
): JSONContent {
  const items = sectionItems(plan)
  const steps: ImportedStep[] =
    plan.steps.length > 0
      ? plan.steps
      : [
          {
            name: '',
            minutes: 0,
            teacher: '',
            student: '',
            intent: '',
            images: { teacher: [], student: [], intent: [] },
          },
        ]
  return normalizePlanJSON({
    type: 'doc',
    content: [
      { type: PLAN_HEADER_NODE, attrs: { ...plan.header } },
      ...SECTIONS.map((section): JSONContent => {
        if (section.key === 'process') {
          return { type: section.node, content: steps.map((step) => importedStepJSON(step, srcs)) }
        }
        const nodes = items[section.key].map((item) => itemJSON(item, srcs))
        return {
          type: sectionDef(section.key).node,
          content: nodes.length > 0 ? nodes : [{ type: 'paragraph' }],
        }
      }),
    ],
  })
}
