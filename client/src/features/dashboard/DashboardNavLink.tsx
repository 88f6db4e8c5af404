import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useDashboardScope } from './api.ts'

/** The dashboard's nav link, shown to those who have a dashboard (admins and group leads). */
export function DashboardNavLink({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation()
  const scope = useDashboardScope(signedIn)
  if (!scope.data) return null
  return (
    <Link to="/dashboard" data-testid="nav-dashboard">
      {t('dashboard.nav')}
    </Link>
  )
}
