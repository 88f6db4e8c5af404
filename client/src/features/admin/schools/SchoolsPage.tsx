import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's schools page. */
export function SchoolsPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.schools.title')}</Typography.Title>
}
