import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type {
  ImportColumn,
  ImportCounts,
  ImportPreviewRow,
  ImportProblem,
} from '../../../../shared/identity/teacherImport.ts'
import { deriveUsername, isEmail, normalisePhone, normaliseRole, USERNAME } from './normalise.ts'
import { type RawSheet, ROWS_PER_SLICE } from './parseFile.ts'

/** A school as the import matches it (by exact name). */
export interface ImportSchool {
  id: string
  name: string
  archived: boolean
}

/** What validation needs to know about the database and the caller. */
export interface ImportLookups {
  schoolsByName: ReadonlyMap<string, ImportSchool>
  /** The school of a school admin (empty school cells mean it; others are refused); null for the alliance admin. */
  ownSchool: ImportSchool | null
  /** The account id behind each username and phone the file mentions (only those that exist). */
  userIdByUsername: ReadonlyMap<string, string>
  userIdByPhone: ReadonlyMap<string, string>
}

/** A validated row, with the school id it goes to when it is new. */
export interface ValidatedRow extends ImportPreviewRow {
  schoolId: string | null
}

/** The values of a raw row by column. */
export function rowValues(
  columns: readonly (ImportColumn | null)[],
  cells: readonly string[],
): Record<ImportColumn, string> {
  const values: Record<ImportColumn, string> = {
    name: '',
    school: '',
    subject: '',
    grade: '',
    phone: '',
    email: '',
    role: '',
    username: '',
  }
  columns.forEach((column, index) => {
    if (column) values[column] = cells[index] ?? ''
  })
  return values
}

function validateOne(
  line: number,
  values: Record<ImportColumn, string>,
  lookups: ImportLookups,
): ValidatedRow {
  const problems: ImportProblem[] = []
  const flag = (field: ImportColumn, code: ImportProblem['code']): void => {
    problems.push({ field, code })
  }
  if (values.name === '') flag('name', 'required')
  let school: ImportSchool | null = null
  if (values.school === '') {
    if (lookups.ownSchool) school = lookups.ownSchool
    else flag('school', 'required')
  } else {
    school = lookups.schoolsByName.get(values.school) ?? null
    if (!school) flag('school', 'unknown_school')
    else if (lookups.ownSchool && school.id !== lookups.ownSchool.id) flag('school', 'other_school')
    else if (school.archived) flag('school', 'archived_school')
  }
  let phone: string | null = null
  if (values.phone !== '') {
    phone = normalisePhone(values.phone)
    if (!phone) flag('phone', 'bad_phone')
  }
  if (values.email !== '' && !isEmail(values.email)) flag('email', 'bad_email')
  const role = normaliseRole(values.role)
  if (!role) flag('role', 'bad_role')
  const username = deriveUsername(values.username, phone, isEmail(values.email) ? values.email : '')
  if (username === null) {
    if (values.phone === '') flag('username', 'need_phone_or_username')
  } else if (!USERNAME.test(username)) flag('username', 'bad_username')
  return {
    line,
    name: values.name,
    school: school?.name ?? values.school,
    subject: values.subject,
    grade: values.grade,
    phone: phone ?? values.phone,
    email: values.email,
    role: role ?? '',
    username: username ?? '',
    status: 'new',
    problems,
    schoolId: school?.id ?? null,
  }
}

/** Flags every row whose `key` (username or phone) another row of the file has too. */
function flagDuplicates(rows: ValidatedRow[], field: 'username' | 'phone'): void {
  const byKey = new Map<string, ValidatedRow[]>()
  for (const row of rows) {
    const key = row[field]
    if (key === '' || row.problems.some((problem) => problem.field === field)) continue
    byKey.set(key, [...(byKey.get(key) ?? []), row])
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue
    for (const row of group) row.problems.push({ field, code: 'duplicate_in_file' })
  }
}

/** The status of a row against the existing accounts (problems were found before). */
function settleStatus(row: ValidatedRow, lookups: ImportLookups): void {
  const byName = lookups.userIdByUsername.get(row.username)
  const byPhone = row.phone === '' ? undefined : lookups.userIdByPhone.get(row.phone)
  if (byName && byPhone && byName !== byPhone) {
    row.problems.push({ field: 'username', code: 'conflicting_accounts' })
  }
  if (row.problems.length > 0) row.status = 'invalid'
  else row.status = byName || byPhone ? 'existing' : 'new'
}

/** The distinct usernames and phones a sheet's rows would use (to look the accounts up). */
export function identifiersOf(rows: readonly ValidatedRow[]): {
  usernames: string[]
  phones: string[]
} {
  const usernames = new Set<string>()
  const phones = new Set<string>()
  for (const row of rows) {
    if (row.username !== '') usernames.add(row.username)
    if (/^\d+$/.test(row.phone)) phones.add(row.phone)
  }
  return { usernames: [...usernames], phones: [...phones] }
}

/** Field checks of every row (no database), yielding to the event loop every few hundred rows. */
export async function checkRows(
  sheet: RawSheet,
  columns: readonly (ImportColumn | null)[],
  lookups: Pick<ImportLookups, 'schoolsByName' | 'ownSchool'>,
): Promise<ValidatedRow[]> {
  const rows: ValidatedRow[] = []
  const noAccounts = { ...lookups, userIdByUsername: new Map(), userIdByPhone: new Map() }
  for (const [index, raw] of sheet.rows.entries()) {
    rows.push(validateOne(raw.line, rowValues(columns, raw.cells), noAccounts))
    if (index % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop()
  }
  flagDuplicates(rows, 'username')
  flagDuplicates(rows, 'phone')
  return rows
}

/** Settles each checked row's status against the existing accounts. */
export function settleRows(rows: ValidatedRow[], lookups: ImportLookups): ImportCounts {
  const counts: ImportCounts = { new: 0, existing: 0, invalid: 0 }
  for (const row of rows) {
    settleStatus(row, lookups)
    counts[row.status] += 1
  }
  return counts
}
