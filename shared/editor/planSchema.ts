/**
 * Names, labels and types of the lesson-plan document (DESIGN.md §1 "The lesson plan").
 * Pure constants: safe to import anywhere (browser, server, tests).
 */

/** Name of the Y.XmlFragment the editor binds to (Tiptap Collaboration's default field). */
export const PLAN_FRAGMENT = 'default'

/** A label in both interface languages. */
export interface BilingualLabel {
  /** Simplified Chinese label (the default interface language). */
  'zh-CN': string
  /** English label. */
  en: string
}

/** Stable ASCII keys of the ten plan sections, in document order. */
export const SECTION_KEYS = [
  'materialAnalysis',
  'learnerAnalysis',
  'objectives',
  'keyPoints',
  'difficulties',
  'preparation',
  'process',
  'boardDesign',
  'homework',
  'reflection',
] as const

/** Key of one plan section. */
export type SectionKey = (typeof SECTION_KEYS)[number]

/** Key of a free-prose section (every section but 教学过程). */
export type ProseSectionKey = Exclude<SectionKey, 'process'>

/** Keys of the nine prose sections, in document order. */
export const PROSE_SECTION_KEYS = SECTION_KEYS.filter(
  (key): key is ProseSectionKey => key !== 'process',
)

/** Node type name of the 教学过程 section. */
export const TEACHING_PROCESS_NODE = 'teachingProcess'

/** Node type name of the header atom. */
export const PLAN_HEADER_NODE = 'planHeader'

/** Node type name of one 教学过程 step. */
export const PROCESS_STEP_NODE = 'processStep'

/** One section: its key, its ProseMirror node type name and its title. */
export interface SectionDef {
  /** Stable ASCII key, also written to `data-section`. */
  key: SectionKey
  /** ProseMirror node type name (equal to the key except 教学过程). */
  node: string
  /** Section title. */
  label: BilingualLabel
}

/** The ten sections in document order. */
export const SECTIONS: readonly SectionDef[] = [
  {
    key: 'materialAnalysis',
    node: 'materialAnalysis',
    label: { 'zh-CN': '教材分析', en: 'Analysis of teaching materials' },
  },
  {
    key: 'learnerAnalysis',
    node: 'learnerAnalysis',
    label: { 'zh-CN': '学情分析', en: 'Analysis of learners' },
  },
  {
    key: 'objectives',
    node: 'objectives',
    label: { 'zh-CN': '教学目标', en: 'Teaching objectives' },
  },
  { key: 'keyPoints', node: 'keyPoints', label: { 'zh-CN': '教学重点', en: 'Key points' } },
  {
    key: 'difficulties',
    node: 'difficulties',
    label: { 'zh-CN': '教学难点', en: 'Difficult points' },
  },
  {
    key: 'preparation',
    node: 'preparation',
    label: { 'zh-CN': '教学准备', en: 'Teaching preparation' },
  },
  {
    key: 'process',
    node: TEACHING_PROCESS_NODE,
    label: { 'zh-CN': '教学过程', en: 'Teaching process' },
  },
  { key: 'boardDesign', node: 'boardDesign', label: { 'zh-CN': '板书设计', en: 'Board design' } },
  { key: 'homework', node: 'homework', label: { 'zh-CN': '作业设计', en: 'Homework design' } },
  {
    key: 'reflection',
    node: 'reflection',
    label: { 'zh-CN': '教学反思', en: 'Teaching reflection' },
  },
]

/** The definition of a section by its key. */
export function sectionDef(key: SectionKey): SectionDef {
  const def = SECTIONS.find((section) => section.key === key)
  if (!def) throw new Error(`unknown plan section ${key}`)
  return def
}

/** The section whose node type is `nodeName`, if any. */
export function sectionByNode(nodeName: string | undefined): SectionDef | undefined {
  return SECTIONS.find((section) => section.node === nodeName)
}

/** The section whose Chinese title is `label` (e.g. 教材分析), if any. */
export function sectionByLabel(label: string): SectionDef | undefined {
  return SECTIONS.find((section) => section.label['zh-CN'] === label)
}

/** Node type names of the top-level children of the document, in their only allowed order. */
export const DOC_CHILD_NODES: readonly string[] = [
  PLAN_HEADER_NODE,
  ...SECTIONS.map((section) => section.node),
]

/** ProseMirror content expression of the document: the header then exactly one node per section. */
export const DOC_CONTENT = DOC_CHILD_NODES.join(' ')

/** Content expression of a prose section and of each step column. */
export const PROSE_CONTENT = 'block+'

/** Keys of the three columns of a step (教师活动 | 学生活动 | 设计意图), in order. */
export const STEP_COLUMN_KEYS = ['teacher', 'student', 'intent'] as const

/** Key of one step column. */
export type StepColumnKey = (typeof STEP_COLUMN_KEYS)[number]

/** One step column: its key, node type name and title. */
export interface StepColumnDef {
  /** Key, also written to `data-column`. */
  key: StepColumnKey
  /** ProseMirror node type name. */
  node: string
  /** Column title. */
  label: BilingualLabel
}

/** The three step columns in order. */
export const STEP_COLUMNS: readonly StepColumnDef[] = [
  { key: 'teacher', node: 'stepTeacher', label: { 'zh-CN': '教师活动', en: 'Teacher activities' } },
  { key: 'student', node: 'stepStudent', label: { 'zh-CN': '学生活动', en: 'Student activities' } },
  { key: 'intent', node: 'stepIntent', label: { 'zh-CN': '设计意图', en: 'Design intent' } },
]

/** Content expression of a step: its three columns in order. */
export const STEP_CONTENT = STEP_COLUMNS.map((column) => column.node).join(' ')

/** Allowed lengths of one class period in minutes: 40 in primary school, 45 in secondary. */
export const PERIOD_MINUTES = [40, 45] as const

/** Length of one class period in minutes. */
export type PeriodMinutes = (typeof PERIOD_MINUTES)[number]

/** The header fields of a plan (stored as attributes of the planHeader node). */
export interface PlanHeaderFields {
  /** Subject, e.g. 数学. */
  subject: string
  /** Grade, e.g. 七年级. */
  grade: string
  /** Textbook edition, e.g. 人教版. */
  textbookEdition: string
  /** Unit or chapter. */
  unit: string
  /** Lesson title (课题). */
  lessonTitle: string
  /** Lesson type, e.g. 新授课. */
  lessonType: string
  /** Number of class periods (课时) the lesson spans, at least 1. */
  periods: number
  /** Length of one period in minutes. */
  periodMinutes: PeriodMinutes
  /** Main preparer (主备人). */
  mainPreparer: string
  /** Participating teachers, free text. */
  participants: string
}

/** Key of one header field. */
export type PlanHeaderKey = keyof PlanHeaderFields

/** Header values of a new plan. */
export const DEFAULT_HEADER: Readonly<PlanHeaderFields> = {
  subject: '',
  grade: '',
  textbookEdition: '',
  unit: '',
  lessonTitle: '',
  lessonType: '',
  periods: 1,
  periodMinutes: 45,
  mainPreparer: '',
  participants: '',
}

/** One header field: key, value kind, `data-*` attribute name and label. */
export interface HeaderFieldDef {
  /** Attribute name on the planHeader node. */
  key: PlanHeaderKey
  /** Whether the value is a string or a number. */
  kind: 'string' | 'number'
  /** HTML attribute the value is written to. */
  dataAttribute: string
  /** Field label. */
  label: BilingualLabel
}

/** The header fields in display order. */
export const HEADER_FIELDS: readonly HeaderFieldDef[] = [
  {
    key: 'subject',
    kind: 'string',
    dataAttribute: 'data-subject',
    label: { 'zh-CN': '学科', en: 'Subject' },
  },
  {
    key: 'grade',
    kind: 'string',
    dataAttribute: 'data-grade',
    label: { 'zh-CN': '年级', en: 'Grade' },
  },
  {
    key: 'textbookEdition',
    kind: 'string',
    dataAttribute: 'data-textbook-edition',
    label: { 'zh-CN': '教材版本', en: 'Textbook edition' },
  },
  {
    key: 'unit',
    kind: 'string',
    dataAttribute: 'data-unit',
    label: { 'zh-CN': '单元', en: 'Unit' },
  },
  {
    key: 'lessonTitle',
    kind: 'string',
    dataAttribute: 'data-lesson-title',
    label: { 'zh-CN': '课题', en: 'Lesson title' },
  },
  {
    key: 'lessonType',
    kind: 'string',
    dataAttribute: 'data-lesson-type',
    label: { 'zh-CN': '课型', en: 'Lesson type' },
  },
  {
    key: 'periods',
    kind: 'number',
    dataAttribute: 'data-periods',
    label: { 'zh-CN': '课时', en: 'Periods' },
  },
  {
    key: 'periodMinutes',
    kind: 'number',
    dataAttribute: 'data-period-minutes',
    label: { 'zh-CN': '每课时分钟数', en: 'Minutes per period' },
  },
  {
    key: 'mainPreparer',
    kind: 'string',
    dataAttribute: 'data-main-preparer',
    label: { 'zh-CN': '主备人', en: 'Main preparer' },
  },
  {
    key: 'participants',
    kind: 'string',
    dataAttribute: 'data-participants',
    label: { 'zh-CN': '参与教师', en: 'Participants' },
  },
]
