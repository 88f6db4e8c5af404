import type {
  ImportColumn,
  ImportCounts,
  ImportPreviewRow,
} from '../../../../shared/identity/teacherImport.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import { DomainError } from '../../../domainError.ts'
import { mapHeaders } from './columns.ts'
import { readRoster } from './parseFile.ts'
import { loadAccountsByIdentifiers, loadSchoolsByName } from './queries.ts'
import { checkRows, identifiersOf, settleRows, type ValidatedRow } from './validateRows.ts'

/** A roster read and validated against the database: what the preview shows and the import uses. */
export interface CheckedRoster {
  columns: ImportColumn[]
  rows: ValidatedRow[]
  counts: ImportCounts
}

/**
 * Reads a roster file and validates every row for an import into `schoolId` (a school admin's
 * school) or anywhere (null). Whole-file problems (unreadable, a required column missing, too
 * many rows) are errors; row problems are reported per row.
 */
export async function checkRoster(
  db: AppKysely,
  schoolId: string | null,
  file: { name: string; bytes: Uint8Array },
): Promise<CheckedRoster> {
  const sheet = await readRoster(file.name, file.bytes)
  const mapped = mapHeaders(sheet.headers)
  const columns = mapped.filter((column): column is ImportColumn => column !== null)
  if (!columns.includes('name')) {
    throw new DomainError('import_missing_name_column', 'The file has no 姓名 (name) column')
  }
  if (schoolId === null && !columns.includes('school')) {
    throw new DomainError('import_missing_school_column', 'The file has no 学校 (school) column')
  }
  const schoolsByName = await loadSchoolsByName(db)
  const ownSchool =
    schoolId === null
      ? null
      : ([...schoolsByName.values()].find((school) => school.id === schoolId) ?? null)
  const rows = await checkRows(sheet, mapped, {
    schoolsByName,
    ownSchool:
      ownSchool ?? (schoolId === null ? null : { id: schoolId, name: '', archived: false }),
  })
  const accounts = await loadAccountsByIdentifiers(db, identifiersOf(rows))
  const counts = settleRows(rows, { schoolsByName, ownSchool, ...accounts })
  return { columns, rows, counts }
}

/** A validated row as the API shows it (without the school id). */
export function previewRow({ schoolId: _schoolId, ...row }: ValidatedRow): ImportPreviewRow {
  return row
}
