import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's groups page. */
export function GroupsPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.groups.title')}</Typography.Title>
}
