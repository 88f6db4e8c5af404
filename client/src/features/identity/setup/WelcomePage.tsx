import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** A one-time sign-in link opens this page: the person chooses a password and is signed in. */
export function WelcomePage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('setup.welcomeTitle')}</Typography.Title>
}
