import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's terms page. */
export function TermsPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.terms.title')}</Typography.Title>
}
