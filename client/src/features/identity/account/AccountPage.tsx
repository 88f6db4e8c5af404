import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** "My account": password, display name, language and personal API tokens. */
export function AccountPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('account.title')}</Typography.Title>
}
