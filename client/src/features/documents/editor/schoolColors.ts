import { useCallback, useMemo } from 'react'
import { useSchools } from '../../identity/index.ts'

/** The school colours, in the order they are handed out. */
export const SCHOOL_PALETTE = [
  '#1f6feb',
  '#d4380d',
  '#389e0d',
  '#722ed1',
  '#c41d7f',
  '#d48806',
  '#08979c',
] as const

/** A school as the colour assignment needs it. */
export interface SchoolOrderRow {
  id: string
  createdAt: number
}

/** A colour from the school's id alone (before the alliance's schools are known). */
function hashedColor(schoolId: string): string {
  let hash = 0
  for (const character of schoolId) hash = (hash * 31 + character.charCodeAt(0)) >>> 0
  return SCHOOL_PALETTE[hash % SCHOOL_PALETTE.length] ?? SCHOOL_PALETTE[0]
}

/**
 * One colour per school by the school's place in the alliance (oldest first, ties by id): schools
 * of one alliance never share a colour while there are no more schools than colours.
 */
export function schoolColors(schools: readonly SchoolOrderRow[]): Map<string, string> {
  const ordered = [...schools].sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
  return new Map(
    ordered.map((school, index) => [
      school.id,
      SCHOOL_PALETTE[index % SCHOOL_PALETTE.length] ?? SCHOOL_PALETTE[0],
    ]),
  )
}

/** The colour of a school among the alliance's schools, or from its id when it is unknown. */
export function schoolColor(schoolId: string, colors?: ReadonlyMap<string, string>): string {
  return colors?.get(schoolId) ?? hashedColor(schoolId)
}

/** The colour of each school of the alliance, so carets show at a glance where a colleague teaches. */
export function useSchoolColor(): { ready: boolean; colorOf: (schoolId: string) => string } {
  const schools = useSchools()
  const colors = useMemo(() => schools.data && schoolColors(schools.data), [schools.data])
  const colorOf = useCallback((schoolId: string) => schoolColor(schoolId, colors), [colors])
  return { ready: colors !== undefined || schools.isError, colorOf }
}
