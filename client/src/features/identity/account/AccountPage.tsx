import { Col, Row, Space, Spin, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useMe } from '../api.ts'
import { PasswordCard } from './PasswordCard.tsx'
import { ProfileCard } from './ProfileCard.tsx'
import { TokensCard } from './TokensCard.tsx'

/** "My account": password, display name, language and personal API tokens. */
export function AccountPage() {
  const { t } = useTranslation()
  const me = useMe()
  if (!me.data) return me.isPending ? <Spin /> : null
  return (
    <div className="account-page" data-testid="account-page">
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={12}>
            <ProfileCard key={me.data.displayName} me={me.data} />
          </Col>
          <Col xs={24} lg={12}>
            <PasswordCard />
          </Col>
        </Row>
        <TokensCard />
      </Space>
    </div>
  )
}
