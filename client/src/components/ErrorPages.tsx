import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

/** 404: the page or plan does not exist. */
export function NotFoundPage() {
  const { t } = useTranslation()
  return (
    <Result
      status="404"
      title={t('errors.notFound')}
      subTitle={t('errors.notFoundHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
      data-testid="not-found"
    />
  )
}

/** 403: the plan exists but the user may not see it. */
export function NoPermissionPage() {
  const { t } = useTranslation()
  return (
    <Result
      status="403"
      title={t('errors.forbidden')}
      subTitle={t('errors.forbiddenHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
      data-testid="no-permission"
    />
  )
}

/** A live meeting's stream ended because the user lost access to its plan. */
export function AccessRevokedPage() {
  const { t } = useTranslation()
  return (
    <Result
      status="403"
      title={t('session.accessRevoked')}
      subTitle={t('session.accessRevokedHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
      data-testid="session-access-revoked"
    />
  )
}

/** The server cannot be reached. */
export function UnreachablePage({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation()
  return (
    <Result
      status="warning"
      title={t('errors.unreachable')}
      subTitle={t('errors.unreachableHint')}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('errors.retry')}
        </Button>
      }
      data-testid="unreachable"
    />
  )
}
