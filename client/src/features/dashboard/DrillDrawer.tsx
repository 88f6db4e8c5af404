import { Drawer, Result, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DashboardFilters } from '../../../../shared/dashboard/dashboardApi.ts'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { fetchAllDrillRows, useDrill } from './api.ts'
import { DashTable } from './DashTable.tsx'
import { DRILL_TABLES, type DrillKind, type DrillRows, type DrillSpec } from './drills.tsx'

const PAGE_SIZE = 20

interface DrillDrawerProps {
  spec: DrillSpec | null
  filters: DashboardFilters
  onClose: () => void
}

/** The drawer listing the plans, sessions, comments or entries behind a clicked figure. */
export function DrillDrawer({ spec, filters, onClose }: DrillDrawerProps) {
  const { t } = useTranslation()
  return (
    <Drawer
      open={spec !== null}
      onClose={onClose}
      size="large"
      className="dashboard-drawer"
      title={spec ? t(DRILL_TABLES[spec.kind].title) : ''}
      destroyOnHidden
      data-testid="drill-drawer"
    >
      {spec ? (
        <>
          <Typography.Paragraph type="secondary" data-testid="drill-caption">
            {spec.caption}
          </Typography.Paragraph>
          <DrillRowsTable
            key={JSON.stringify(spec)}
            spec={spec}
            kind={spec.kind}
            filters={filters}
          />
        </>
      ) : null}
    </Drawer>
  )
}

function DrillRowsTable<Kind extends DrillKind>({
  spec,
  kind,
  filters,
}: {
  spec: DrillSpec
  kind: Kind
  filters: DashboardFilters
}) {
  const { t } = useTranslation()
  const [page, setPage] = useState(1)
  const table = DRILL_TABLES[kind]
  const drill = useDrill<DrillRows[Kind]>(spec.request, filters, page, PAGE_SIZE)
  if (drill.error) {
    const forbidden = drill.error instanceof ApiError && drill.error.status === 403
    return (
      <Result
        status={forbidden ? '403' : 'warning'}
        title={
          forbidden
            ? t('dashboard.drill.forbidden')
            : t('dashboard.failed', { message: apiErrorMessage(t, drill.error) })
        }
        data-testid="drill-error"
      />
    )
  }
  return (
    <DashTable<DrillRows[Kind]>
      testId="drill-table"
      columns={table.columns(t)}
      rows={drill.data?.rows ?? []}
      rowKey={table.rowKey}
      loading={drill.isPending || drill.isPlaceholderData}
      fileName={t(`dashboard.files.${table.file}`)}
      sheetName={t(table.title)}
      allRows={() => fetchAllDrillRows<DrillRows[Kind]>(spec.request, filters)}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: drill.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('dashboard.table.total', { count: total }),
        onChange: setPage,
      }}
    />
  )
}
