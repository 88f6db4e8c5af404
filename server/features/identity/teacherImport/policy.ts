import { forbidden } from '../../../domainError.ts'
import type { Principal } from '../principal.ts'

/** 403 unless `principal` may import teachers (a school admin into their school, or the alliance admin). */
export function assertMayImportTeachers(principal: Principal): void {
  const { role } = principal.user
  if (role !== 'alliance_admin' && role !== 'school_admin') throw forbidden()
}

/** The school a principal's import is confined to; null for the alliance admin (any school). */
export function importSchoolOf(principal: Principal): string | null {
  return principal.user.role === 'alliance_admin' ? null : principal.user.schoolId
}
