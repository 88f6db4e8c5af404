/**
 * The teacher import (批量导入教师): the columns a roster may have, the problems a row may
 * have, and the shape of a previewed row — what the server reports and the client words.
 */

/** The columns of a roster, in the template's order. */
export const IMPORT_COLUMNS = [
  'name',
  'school',
  'subject',
  'grade',
  'phone',
  'email',
  'role',
  'username',
] as const
/** One column of a roster. */
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** The Chinese header of each column (the template's header row). */
export const IMPORT_COLUMN_HEADERS: Record<ImportColumn, string> = {
  name: '姓名',
  school: '学校',
  subject: '学科',
  grade: '年级',
  phone: '手机号',
  email: '邮箱',
  role: '角色',
  username: '用户名',
}

/** What can be wrong with one row (the client words each code in the user's language). */
export const IMPORT_PROBLEM_CODES = [
  'required',
  'unknown_school',
  'archived_school',
  'other_school',
  'bad_phone',
  'bad_email',
  'bad_role',
  'bad_username',
  'duplicate_in_file',
  'need_phone_or_username',
  'conflicting_accounts',
] as const
/** A problem code of a row. */
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number]

/** One problem of a row: which field, and what is wrong with it. */
export interface ImportProblem {
  field: ImportColumn
  code: ImportProblemCode
}

/** Whether a row would create an account, matches an existing one, or cannot be imported. */
export type ImportRowStatus = 'new' | 'existing' | 'invalid'

/** One row of a roster as the preview shows it (values normalised; username derived). */
export interface ImportPreviewRow {
  /** Line of the file (the header is line 1). */
  line: number
  name: string
  school: string
  subject: string
  grade: string
  phone: string
  email: string
  role: 'teacher' | 'school_admin' | ''
  username: string
  status: ImportRowStatus
  problems: ImportProblem[]
}

/** How many rows of each status a roster has. */
export interface ImportCounts {
  new: number
  existing: number
  invalid: number
}

/** The largest roster file accepted (bytes). */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024
/** The most data rows one roster may have. */
export const MAX_IMPORT_ROWS = 10_000
