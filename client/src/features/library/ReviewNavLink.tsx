import { Badge } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useLibrarySettings, useSubmissions } from './api.ts'

/** The review queue's nav link with the number waiting, shown to library reviewers only. */
export function ReviewNavLink() {
  const { t } = useTranslation()
  const settings = useLibrarySettings()
  const canReview = settings.data?.canReview === true
  if (!canReview) return null
  return <ReviewLink label={t('libraryReview.nav')} />
}

function ReviewLink({ label }: { label: string }) {
  const pending = useSubmissions({ status: 'pending' })
  return (
    <Link to="/library/review" data-testid="nav-review">
      <Badge count={pending.data?.length ?? 0} size="small" offset={[8, -2]}>
        <span style={{ color: 'inherit' }}>{label}</span>
      </Badge>
    </Link>
  )
}
