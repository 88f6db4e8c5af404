/** Shapes of the Word-import API (POST /api/documents/import, POST /api/documents/:id/import). */
import type { PlanHeaderFields, SectionKey } from '../editor/planSchema.ts'

/** One section as found in the file. */
export interface ImportSectionPreview {
  key: SectionKey
  /** Section title (zh-CN). */
  title: string
  /** Paragraphs (and images) placed in it; for 教学过程 the number of steps. */
  paragraphs: number
  /** The start of its text. */
  excerpt: string
  /** Headings of the file that led here. */
  headings: string[]
  /** Remarks such as 重难点 → 教学重点 (zh-CN). */
  notes: string[]
}

/** One 教学过程 step as found in the file. */
export interface ImportStepPreview {
  name: string
  minutes: number
  /** The start of its 教师活动. */
  teacher: string
}

/** Why an item was not placed. */
export type UnplacedReason =
  | 'before_sections'
  | 'outside_process_table'
  | 'unknown_header_field'
  | 'extra_table'

/** Content that could not be placed (kept in 未归类内容 at the end of 教学反思). */
export interface ImportUnplacedPreview {
  text: string
  reason: UnplacedReason
}

/** What an import would create. */
export interface ImportPreview {
  /** The plan's title (课题, else the file name). */
  title: string
  header: PlanHeaderFields
  sections: ImportSectionPreview[]
  steps: ImportStepPreview[]
  unplaced: ImportUnplacedPreview[]
  /** Images in the file. */
  images: number
  /** True when importing into an existing plan: its content is replaced (a version keeps it). */
  replaces: boolean
}

/** Answer of an import without `confirm`. */
export interface ImportPreviewResponse {
  ok: true
  preview: ImportPreview
}

/** Answer of a confirmed import. */
export interface ImportDoneResponse {
  ok: true
  id: string
  /** For an import into an existing plan: the version (导入前) keeping the old content. */
  versionId?: number
}
