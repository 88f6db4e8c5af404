import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { SchoolParticipation } from '../../../../shared/dashboard/dashboardApi.ts'
import { useIndicator } from './api.ts'
import { Chart, categoryAxis } from './Chart.tsx'
import { type DashColumn, DashTable } from './DashTable.tsx'
import { canDrillSchool, useDashboard } from './dashboardContext.ts'
import { CountLink, Figure, IndicatorCard, orDash } from './IndicatorCard.tsx'
import { SchoolName, schoolColor } from './SchoolName.tsx'

/** Participation balance between schools (校际差异系数), overall and per term. */
export function BalanceCard() {
  const { t } = useTranslation()
  const { filters, openDrill, scope, setFilter } = useDashboard()
  const answer = useIndicator('balance', filters)
  const data = answer.data
  const rows = data?.overall.schools ?? []
  const plans = (row: SchoolParticipation) =>
    canDrillSchool(scope, row.schoolId)
      ? () =>
          openDrill({
            kind: 'plans',
            request: { path: 'balance/plans', query: { school: row.schoolId } },
            caption: `${row.schoolName} · ${t('dashboard.balance.plansEdited')}`,
          })
      : undefined
  const schoolsOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: categoryAxis(rows.map((row) => row.schoolName)),
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: t('dashboard.balance.meanParticipation'),
          data: rows.map((row) => ({
            value: row.meanParticipation,
            itemStyle: { color: schoolColor(scope.ownSchoolId, row.schoolId) },
          })),
        },
      ],
    }),
    [rows, scope.ownSchoolId, t],
  )
  const terms = data?.perTerm ?? []
  const termsOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: categoryAxis(terms.map((term) => term.term)),
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: t('dashboard.balance.cv'), data: terms.map((term) => term.cv ?? 0) },
      ],
    }),
    [terms, t],
  )
  const columns: DashColumn<SchoolParticipation>[] = [
    {
      key: 'school',
      title: t('dashboard.columns.school'),
      value: (row) => row.schoolName,
      render: (row) => <SchoolName schoolId={row.schoolId} name={row.schoolName} />,
    },
    { key: 'teachers', title: t('dashboard.balance.teachers'), value: (row) => row.teachers },
    {
      key: 'plansEdited',
      title: t('dashboard.balance.plansEdited'),
      value: (row) => row.plansEdited,
      render: (row) => <CountLink count={row.plansEdited} onOpen={plans(row)} />,
    },
    {
      key: 'sessionsAttended',
      title: t('dashboard.balance.sessionsAttended'),
      value: (row) => row.sessionsAttended,
    },
    { key: 'comments', title: t('dashboard.balance.comments'), value: (row) => row.comments },
    {
      key: 'meanParticipation',
      title: t('dashboard.balance.meanParticipation'),
      value: (row) => row.meanParticipation,
    },
  ]
  return (
    <IndicatorCard
      testId="card-balance"
      title={t('dashboard.balance.title')}
      definition={t('dashboard.balance.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={rows.length === 0}
    >
      {data ? (
        <>
          <div className="dashboard-figures">
            <Figure
              label={`${t('dashboard.balance.cv')} · ${t('dashboard.balance.overall')}`}
              value={orDash(data.overall.cv)}
              testId="figure-cv"
            />
            <Figure label={t('dashboard.balance.mean')} value={orDash(data.overall.mean)} />
          </div>
          <Chart
            label={t('dashboard.balance.meanParticipation')}
            height={200}
            option={schoolsOption}
            onClick={(click) => {
              const row = rows[click.dataIndex]
              if (row) plans(row)?.()
            }}
          />
          <DashTable
            testId="table-balance"
            columns={columns}
            rows={rows}
            rowKey={(row) => row.schoolId}
            fileName={t('dashboard.files.balance')}
            sheetName={t('dashboard.balance.title')}
          />
          {terms.length > 1 ? (
            <Chart
              label={t('dashboard.balance.perTerm')}
              height={180}
              option={termsOption}
              onClick={(click) => {
                const term = terms[click.dataIndex]
                if (term) setFilter('term', term.term)
              }}
            />
          ) : null}
        </>
      ) : null}
    </IndicatorCard>
  )
}
