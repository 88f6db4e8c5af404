import type { ImportColumn } from '../../../../shared/identity/teacherImport.ts'

/** The accepted spellings of each column's header, normalised by {@link normaliseHeader}. */
const HEADER_ALIASES: Record<ImportColumn, readonly string[]> = {
  name: ['姓名', 'name', 'displayname', '名字'],
  school: ['学校', 'school', '所在学校'],
  subject: ['学科', 'subject', '任教学科'],
  grade: ['年级', 'grade', '任教年级'],
  phone: ['手机号', '手机', '手机号码', 'phone', 'mobile'],
  email: ['邮箱', '电子邮箱', 'email', 'e-mail'],
  role: ['角色', 'role'],
  username: ['用户名', '账号', 'username', 'user'],
}

/** A header as compared: lower-case, without spaces, underscores or required-field stars. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_*＊]/g, '')
}

const COLUMN_OF_HEADER = new Map<string, ImportColumn>(
  Object.entries(HEADER_ALIASES).flatMap(([column, aliases]) =>
    aliases.map((alias) => [normaliseHeader(alias), column as ImportColumn] as const),
  ),
)

/** The column each header stands for (null for an unknown header, which is ignored). */
export function mapHeaders(headers: readonly string[]): (ImportColumn | null)[] {
  const seen = new Set<ImportColumn>()
  return headers.map((header) => {
    const column = COLUMN_OF_HEADER.get(normaliseHeader(header)) ?? null
    // A second column with the same meaning is ignored: the first one wins.
    if (column === null || seen.has(column)) return null
    seen.add(column)
    return column
  })
}
