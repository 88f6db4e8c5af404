import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's users page. */
export function UsersPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.users.title')}</Typography.Title>
}
