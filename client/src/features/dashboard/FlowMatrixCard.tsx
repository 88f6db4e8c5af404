import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { FlowCell } from '../../../../shared/dashboard/dashboardApi.ts'
import { useIndicator } from './api.ts'
import { Chart } from './Chart.tsx'
import { type DashColumn, DashTable } from './DashTable.tsx'
import { type DashboardContextValue, useDashboard } from './dashboardContext.ts'
import { CountLink, Figure, IndicatorCard } from './IndicatorCard.tsx'

/** A matrix cell with its schools' names. */
interface NamedFlow extends FlowCell {
  fromName: string
  toName: string
}

/** Whether the caller may list a cell's plans: a school admin only when their school is in it. */
function canDrillFlow(context: DashboardContextValue, cell: FlowCell): boolean {
  const own = context.scope.kind === 'school' ? context.scope.ownSchoolId : null
  return own === null || cell.fromSchoolId === own || cell.toSchoolId === own
}

/** The resource-flow matrix: whose library plans are adapted by which school, as a heat map. */
export function FlowMatrixCard() {
  const { t } = useTranslation()
  const context = useDashboard()
  const answer = useIndicator('flows', context.filters)
  const data = answer.data
  const schools = data?.schools ?? []
  const cells = useMemo((): NamedFlow[] => {
    const names = new Map(schools.map((school) => [school.id, school.name]))
    return (data?.cells ?? []).map((cell) => ({
      ...cell,
      fromName: names.get(cell.fromSchoolId) ?? cell.fromSchoolId,
      toName: names.get(cell.toSchoolId) ?? cell.toSchoolId,
    }))
  }, [data, schools])
  const open = (cell: NamedFlow) =>
    canDrillFlow(context, cell)
      ? () =>
          context.openDrill({
            kind: 'adapted',
            request: {
              path: 'flows/plans',
              query: { from: cell.fromSchoolId, to: cell.toSchoolId },
            },
            caption: t('dashboard.flows.cell', {
              from: cell.fromName,
              to: cell.toName,
              count: cell.adaptations,
            }),
          })
      : undefined
  const option = useMemo(() => {
    const index = new Map(schools.map((school, position) => [school.id, position]))
    const counts = new Map(
      (data?.cells ?? []).map((cell) => [
        `${cell.fromSchoolId} ${cell.toSchoolId}`,
        cell.adaptations,
      ]),
    )
    const points: Array<[number, number, number]> = []
    for (const from of schools)
      for (const to of schools)
        points.push([
          index.get(to.id) ?? 0,
          index.get(from.id) ?? 0,
          counts.get(`${from.id} ${to.id}`) ?? 0,
        ])
    const max = Math.max(1, ...points.map((point) => point[2]))
    return {
      tooltip: {
        formatter: (item: { value: [number, number, number] }) =>
          t('dashboard.flows.cell', {
            from: schools[item.value[1]]?.name ?? '',
            to: schools[item.value[0]]?.name ?? '',
            count: item.value[2],
          }),
      },
      grid: { left: 120, right: 16, top: 16, bottom: 80 },
      xAxis: {
        type: 'category',
        name: t('dashboard.flows.to'),
        nameLocation: 'middle',
        nameGap: 60,
        data: schools.map((school) => school.name),
        axisLabel: {
          interval: 0,
          rotate: 35,
          width: 90,
          overflow: 'truncate',
        },
      },
      yAxis: {
        type: 'category',
        name: t('dashboard.flows.from'),
        data: schools.map((school) => school.name),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      visualMap: {
        min: 0,
        max,
        show: false,
        inRange: { color: ['#f5f8ff', '#1677ff'] },
      },
      series: [
        {
          type: 'heatmap',
          name: t('dashboard.flows.title'),
          data: points,
          label: { show: true },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        },
      ],
    }
  }, [data, schools, t])
  const columns: DashColumn<NamedFlow>[] = [
    { key: 'from', title: t('dashboard.flows.from'), value: (row) => row.fromName },
    { key: 'to', title: t('dashboard.flows.to'), value: (row) => row.toName },
    {
      key: 'count',
      title: t('dashboard.columns.adaptations'),
      value: (row) => row.adaptations,
      render: (row) => (
        <CountLink
          count={row.adaptations}
          onOpen={open(row)}
          testId={`flow-${row.fromName}-${row.toName}`}
        />
      ),
    },
  ]
  return (
    <IndicatorCard
      testId="card-flows"
      title={t('dashboard.flows.title')}
      definition={t('dashboard.flows.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={data?.total === 0}
      emptyText={t('dashboard.flows.none')}
    >
      {data ? (
        <>
          <div className="dashboard-figures">
            <Figure
              label={t('dashboard.flows.total')}
              value={data.total}
              onOpen={() =>
                context.openDrill({
                  kind: 'adapted',
                  request: { path: 'flows/plans', query: {} },
                  caption: t('dashboard.flows.total'),
                })
              }
            />
          </div>
          <Chart
            label={t('dashboard.flows.title')}
            height={Math.max(240, 60 + schools.length * 44 + 80)}
            option={option}
            testId="flow-heatmap"
            onClick={(click) => {
              const point = click.value as [number, number, number]
              const from = schools[point[1]]
              const to = schools[point[0]]
              const cell = cells.find(
                (item) => item.fromSchoolId === from?.id && item.toSchoolId === to?.id,
              )
              if (cell) open(cell)?.()
            }}
          />
          <DashTable
            testId="table-flows"
            columns={columns}
            rows={cells}
            rowKey={(row) => `${row.fromSchoolId}-${row.toSchoolId}`}
            fileName={t('dashboard.files.flows')}
            sheetName={t('dashboard.flows.title')}
          />
        </>
      ) : null}
    </IndicatorCard>
  )
}
