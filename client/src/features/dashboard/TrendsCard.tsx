import { Tabs } from 'antd'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { TermPoint, WeekPoint } from '../../../../shared/dashboard/dashboardApi.ts'
import { useIndicator } from './api.ts'
import { Chart } from './Chart.tsx'
import { type DashColumn, DashTable } from './DashTable.tsx'
import { useDashboard } from './dashboardContext.ts'
import { IndicatorCard, percent } from './IndicatorCard.tsx'

const WEEK_SERIES = [
  'plansCreated',
  'plansSigned',
  'sessions',
  'attendances',
  'comments',
  'adaptations',
] as const
const TERM_SERIES = ['plans', 'tasks', 'sessions', 'comments', 'adaptations'] as const

/** Trends: week by week over a term (lines) and term over term (bars; a click filters the term). */
export function TrendsCard() {
  const { t } = useTranslation()
  const { filters, setFilter } = useDashboard()
  const answer = useIndicator('trends', filters)
  const weeks = answer.data?.weeks ?? []
  // Oldest term on the left, as a time axis reads.
  const terms = useMemo(() => [...(answer.data?.terms ?? [])].reverse(), [answer.data])
  const weekOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: weeks.map((week) => week.week) },
      yAxis: { type: 'value', minInterval: 1 },
      series: WEEK_SERIES.map((key) => ({
        type: 'line',
        name: t(`dashboard.trends.${key}`),
        data: weeks.map((week) => week[key]),
        smooth: true,
      })),
    }),
    [weeks, t],
  )
  const termOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: terms.map((term) => term.term) },
      yAxis: { type: 'value', minInterval: 1 },
      series: TERM_SERIES.map((key) => ({
        type: 'bar',
        name: t(`dashboard.trends.${key}`),
        data: terms.map((term) => term[key]),
      })),
    }),
    [terms, t],
  )
  const weekColumns: DashColumn<WeekPoint>[] = [
    { key: 'week', title: t('dashboard.trends.week'), value: (row) => row.week },
    ...WEEK_SERIES.map((key) => ({
      key,
      title: t(`dashboard.trends.${key}`),
      value: (row: WeekPoint) => row[key],
    })),
  ]
  const termColumns: DashColumn<TermPoint>[] = [
    { key: 'term', title: t('dashboard.trends.term'), value: (row) => row.term },
    ...TERM_SERIES.map((key) => ({
      key,
      title: t(`dashboard.trends.${key}`),
      value: (row: TermPoint) => row[key],
    })),
    {
      key: 'onTimeShare',
      title: t('dashboard.trends.onTimeShare'),
      value: (row) => percent(row.onTimeShare),
    },
    {
      key: 'crossSchoolShare',
      title: t('dashboard.trends.crossSchoolShare'),
      value: (row) => percent(row.crossSchoolShare),
    },
  ]
  return (
    <IndicatorCard
      testId="card-trends"
      title={t('dashboard.trends.title')}
      definition={t('dashboard.trends.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={weeks.length === 0 && terms.length === 0}
    >
      <Tabs
        items={[
          {
            key: 'weekly',
            label: t('dashboard.trends.weekly'),
            children: (
              <>
                <Chart label={t('dashboard.trends.weekly')} height={260} option={weekOption} />
                <DashTable
                  testId="table-weekly"
                  columns={weekColumns}
                  rows={weeks}
                  rowKey={(row) => row.week}
                  fileName={t('dashboard.files.weekly')}
                  sheetName={t('dashboard.trends.weekly')}
                  pagination={{ pageSize: 8, showSizeChanger: false }}
                />
              </>
            ),
          },
          {
            key: 'termly',
            label: t('dashboard.trends.termly'),
            children: (
              <>
                <Chart
                  label={t('dashboard.trends.termly')}
                  height={260}
                  option={termOption}
                  onClick={(click) => {
                    const term = terms[click.dataIndex]
                    if (term) setFilter('term', term.term)
                  }}
                />
                <DashTable
                  testId="table-termly"
                  columns={termColumns}
                  rows={terms}
                  rowKey={(row) => row.term}
                  fileName={t('dashboard.files.termly')}
                  sheetName={t('dashboard.trends.termly')}
                />
              </>
            ),
          },
        ]}
      />
    </IndicatorCard>
  )
}
