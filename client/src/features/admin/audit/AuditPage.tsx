import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's audit page. */
export function AuditPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.audit.title')}</Typography.Title>
}
