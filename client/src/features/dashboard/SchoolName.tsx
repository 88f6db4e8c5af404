import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { useDashboard } from './dashboardContext.ts'

/** A school's name, tagged 本校 for the school admin's own school. */
export function SchoolName({ schoolId, name }: { schoolId: string; name: string }) {
  const { t } = useTranslation()
  const { scope } = useDashboard()
  if (scope.ownSchoolId !== schoolId) return <>{name}</>
  return (
    <span className="dashboard-own-school">
      {name} <Tag color="blue">{t('dashboard.ownSchool')}</Tag>
    </span>
  )
}

/** Bar colours: the school admin's own school stands out beside the others. */
export function schoolColor(ownSchoolId: string | null, schoolId: string): string {
  if (ownSchoolId === null) return '#1677ff'
  return ownSchoolId === schoolId ? '#1677ff' : '#a6c8ff'
}
