import { Alert, Col, Empty, Result, Row, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useDashboardScope, useIndicator } from './api.ts'
import { BalanceCard } from './BalanceCard.tsx'
import { CrossSchoolCard } from './CrossSchoolCard.tsx'
import { DrillDrawer } from './DrillDrawer.tsx'
import { DashboardContext } from './dashboardContext.ts'
import type { DrillSpec } from './drills.tsx'
import { FilterBar } from './FilterBar.tsx'
import { FlowMatrixCard } from './FlowMatrixCard.tsx'
import { LibraryCard } from './LibraryCard.tsx'
import { PreparationCard } from './PreparationCard.tsx'
import { SessionsCard } from './SessionsCard.tsx'
import { TrendsCard } from './TrendsCard.tsx'
import { useDashboardFilters } from './useDashboardFilters.ts'
import './dashboard.css'

/** `/dashboard`: the alliance dashboard (质量监测) for admins and group leads. */
export function DashboardPage() {
  const { t } = useTranslation()
  const scope = useDashboardScope()
  const filterState = useDashboardFilters()
  const [drill, setDrill] = useState<DrillSpec | null>(null)

  if (scope.isPending) return <Spin className="page-spin" />
  if (scope.error)
    return (
      <Alert
        type="error"
        showIcon
        title={t('dashboard.failed', { message: apiErrorMessage(t, scope.error) })}
      />
    )
  if (!scope.data)
    return (
      <Result
        status="403"
        title={t('dashboard.noAccess')}
        subTitle={t('dashboard.noAccessHint')}
        extra={<Link to="/">{t('errors.backHome')}</Link>}
        data-testid="dashboard-no-access"
      />
    )
  const data = scope.data
  const ownSchool = data.schools.find((school) => school.id === data.ownSchoolId)?.name ?? ''
  return (
    <DashboardContext.Provider
      value={{
        scope: data,
        filters: filterState.filters,
        openDrill: setDrill,
        setFilter: filterState.setFilter,
      }}
    >
      <div className="dashboard-page" data-testid="dashboard-page">
        <header className="dashboard-header">
          <Typography.Title level={3}>{t('dashboard.title')}</Typography.Title>
          <Typography.Text type="secondary" data-testid="dashboard-scope">
            {t(`dashboard.scope.${data.kind}`, { school: ownSchool })}
          </Typography.Text>
          <Typography.Paragraph type="secondary" className="dashboard-privacy">
            {t('dashboard.privacy')} {t('dashboard.drillHint')}
          </Typography.Paragraph>
        </header>
        <FilterBar scope={data} state={filterState} />
        <NewAllianceNotice />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <PreparationCard />
          </Col>
          <Col xs={24} xl={12}>
            <SessionsCard />
          </Col>
          <Col xs={24} xl={12}>
            <CrossSchoolCard />
          </Col>
          <Col xs={24} xl={12}>
            <LibraryCard />
          </Col>
          <Col xs={24} xl={12}>
            <FlowMatrixCard />
          </Col>
          <Col xs={24} xl={12}>
            <BalanceCard />
          </Col>
          <Col xs={24}>
            <TrendsCard />
          </Col>
        </Row>
        <DrillDrawer spec={drill} filters={filterState.filters} onClose={() => setDrill(null)} />
      </div>
    </DashboardContext.Provider>
  )
}

/** One notice instead of seven empty cards' worth of worry when nothing has happened yet. */
function NewAllianceNotice() {
  const { t } = useTranslation()
  const filters = useDashboardFilters().filters
  const preparation = useIndicator('preparation', filters)
  const library = useIndicator('library', filters)
  const sessions = useIndicator('sessions', filters)
  const nothing =
    preparation.data?.tasks === 0 && library.data?.published === 0 && sessions.data?.sessions === 0
  if (!nothing) return null
  return (
    <Empty
      className="dashboard-empty"
      description={
        <>
          <Typography.Text strong>{t('dashboard.empty')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('dashboard.emptyHint')}</Typography.Text>
        </>
      }
      data-testid="dashboard-empty"
    />
  )
}
