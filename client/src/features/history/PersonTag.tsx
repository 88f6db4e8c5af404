import type { HistoryPerson } from '../../../../shared/history/versionApi.ts'
import { useSchoolColor } from '../documents/index.ts'

/** A school's colour as a small dot. */
export function SchoolDot({ schoolId }: { schoolId: string }) {
  const { colorOf } = useSchoolColor()
  return (
    <span
      className="history-dot"
      style={{ backgroundColor: colorOf(schoolId) }}
      data-school={schoolId}
      aria-hidden
    />
  )
}

/** A person's name after their school's colour dot, the school named in the tooltip. */
export function PersonTag({ person }: { person: HistoryPerson }) {
  return (
    <span className="history-person" title={person.schoolName} data-testid="history-person">
      <SchoolDot schoolId={person.schoolId} />
      <span lang="zh-CN">{person.displayName}</span>
    </span>
  )
}
