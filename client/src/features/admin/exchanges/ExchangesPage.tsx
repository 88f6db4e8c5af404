import { Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** The admin console's exchange-teacher (交流轮岗) page. */
export function ExchangesPage() {
  const { t } = useTranslation()
  return <Typography.Title level={3}>{t('admin.exchanges.title')}</Typography.Title>
}
