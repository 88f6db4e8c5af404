import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** First run: the one-time set-up link opens this page to create the alliance and its admin. */
export function SetupPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('setup.setupTitle')}</Typography.Title>
}
