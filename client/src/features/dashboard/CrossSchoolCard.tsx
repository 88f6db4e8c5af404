import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { CrossSchoolAnswer } from '../../../../shared/dashboard/dashboardApi.ts'
import { useIndicator } from './api.ts'
import { Chart, categoryAxis } from './Chart.tsx'
import { type DashColumn, DashTable } from './DashTable.tsx'
import { canDrillSchool, useDashboard } from './dashboardContext.ts'
import { CountLink, Figure, IndicatorCard, orDash, percent } from './IndicatorCard.tsx'
import { SchoolName } from './SchoolName.tsx'

type SchoolComments = CrossSchoolAnswer['commentsBySchool'][number]

/** Cross-school work: comments per plan, the cross-school share and the co-authorship index. */
export function CrossSchoolCard() {
  const { t } = useTranslation()
  const { filters, openDrill, scope } = useDashboard()
  const answer = useIndicator('cross-school', filters)
  const data = answer.data
  const comments = (caption: string, query: Record<string, string> = {}) =>
    openDrill({ kind: 'comments', request: { path: 'cross-school/comments', query }, caption })
  const plans = (caption: string, coAuthored: 'true' | 'false') =>
    openDrill({
      kind: 'plans',
      request: { path: 'cross-school/plans', query: { coAuthored } },
      caption,
    })
  const rows = data?.commentsBySchool ?? []
  const bySchool = (row: SchoolComments, crossSchool: boolean) =>
    canDrillSchool(scope, row.schoolId)
      ? () =>
          comments(
            `${row.schoolName} · ${t(crossSchool ? 'dashboard.crossSchool.crossSchoolComments' : 'dashboard.crossSchool.comments')}`,
            crossSchool
              ? { authorSchool: row.schoolId, crossSchool: 'true' }
              : { authorSchool: row.schoolId },
          )
      : undefined
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 56 },
      xAxis: categoryAxis(rows.map((row) => row.schoolName)),
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.crossSchool.comments'),
          data: rows.map((row) => row.count),
        },
        {
          type: 'bar',
          name: t('dashboard.crossSchool.crossSchoolComments'),
          data: rows.map((row) => row.crossSchool),
        },
      ],
    }),
    [rows, t],
  )
  const columns: DashColumn<SchoolComments>[] = [
    {
      key: 'school',
      title: t('dashboard.columns.school'),
      value: (row) => row.schoolName,
      render: (row) => <SchoolName schoolId={row.schoolId} name={row.schoolName} />,
    },
    {
      key: 'comments',
      title: t('dashboard.crossSchool.comments'),
      value: (row) => row.count,
      render: (row) => <CountLink count={row.count} onOpen={bySchool(row, false)} />,
    },
    {
      key: 'crossSchool',
      title: t('dashboard.crossSchool.crossSchoolComments'),
      value: (row) => row.crossSchool,
      render: (row) => <CountLink count={row.crossSchool} onOpen={bySchool(row, true)} />,
    },
  ]
  return (
    <IndicatorCard
      testId="card-cross-school"
      title={t('dashboard.crossSchool.title')}
      definition={t('dashboard.crossSchool.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={data?.plans === 0}
    >
      {data ? (
        <>
          <div className="dashboard-figures">
            <Figure
              label={t('dashboard.crossSchool.commentsPerPlan')}
              value={orDash(data.commentsPerPlan)}
              onOpen={() => comments(t('dashboard.crossSchool.comments'))}
            />
            <Figure
              label={t('dashboard.crossSchool.crossSchoolShare')}
              value={percent(data.crossSchoolShare)}
              onOpen={() =>
                comments(t('dashboard.crossSchool.crossSchoolComments'), { crossSchool: 'true' })
              }
            />
            <Figure
              label={t('dashboard.crossSchool.coAuthorshipIndex')}
              value={percent(data.coAuthorshipIndex)}
              onOpen={() => plans(t('dashboard.crossSchool.coAuthoredPlans'), 'true')}
              testId="figure-co-authorship"
            />
            <Figure
              label={t('dashboard.crossSchool.writtenPlans')}
              value={data.writtenPlans}
              onOpen={() => plans(t('dashboard.crossSchool.writtenPlans'), 'false')}
            />
          </div>
          {rows.length > 0 ? (
            <>
              <Chart
                label={t('dashboard.crossSchool.bySchool')}
                height={200}
                option={option}
                onClick={(click) => {
                  const row = rows[click.dataIndex]
                  if (row) bySchool(row, click.seriesIndex === 1)?.()
                }}
              />
              <DashTable
                testId="table-comments"
                columns={columns}
                rows={rows}
                rowKey={(row) => row.schoolId}
                fileName={t('dashboard.files.commentsBySchool')}
                sheetName={t('dashboard.crossSchool.bySchool')}
              />
            </>
          ) : null}
        </>
      ) : null}
    </IndicatorCard>
  )
}
