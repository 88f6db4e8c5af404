import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's import page. */
export function ImportPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.import.title')}</Typography.Title>
}
