import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { LibraryDrillKind, SchoolCount } from '../../../../shared/dashboard/dashboardApi.ts'
import { useIndicator } from './api.ts'
import { Chart, categoryAxis } from './Chart.tsx'
import { type DashColumn, DashTable } from './DashTable.tsx'
import { canDrillSchool, useDashboard } from './dashboardContext.ts'
import { CountLink, Figure, IndicatorCard, orDash } from './IndicatorCard.tsx'
import { SchoolName, schoolColor } from './SchoolName.tsx'

/** The shared library: published, adapted, rated, time in review. */
export function LibraryCard() {
  const { t } = useTranslation()
  const { filters, openDrill, scope } = useDashboard()
  const answer = useIndicator('library', filters)
  const data = answer.data
  const rows = data?.publishedBySchool ?? []
  const entries = (caption: string, kind: LibraryDrillKind, school?: string) =>
    openDrill({
      kind: 'entries',
      request: { path: 'library/entries', query: school ? { kind, school } : { kind } },
      caption,
    })
  const bySchool = (row: SchoolCount) =>
    canDrillSchool(scope, row.schoolId)
      ? () =>
          entries(
            `${row.schoolName} · ${t('dashboard.library.published')}`,
            'published',
            row.schoolId,
          )
      : undefined
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: categoryAxis(rows.map((row) => row.schoolName)),
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.library.published'),
          data: rows.map((row) => ({
            value: row.count,
            itemStyle: { color: schoolColor(scope.ownSchoolId, row.schoolId) },
          })),
        },
      ],
    }),
    [rows, scope.ownSchoolId, t],
  )
  const columns: DashColumn<SchoolCount>[] = [
    {
      key: 'school',
      title: t('dashboard.columns.school'),
      value: (row) => row.schoolName,
      render: (row) => <SchoolName schoolId={row.schoolId} name={row.schoolName} />,
    },
    {
      key: 'published',
      title: t('dashboard.library.published'),
      value: (row) => row.count,
      render: (row) => (
        <CountLink
          count={row.count}
          onOpen={bySchool(row)}
          testId={`library-school-${row.schoolName}`}
        />
      ),
    },
  ]
  return (
    <IndicatorCard
      testId="card-library"
      title={t('dashboard.library.title')}
      definition={t('dashboard.library.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={data ? data.published + data.withdrawn + data.pendingReviews === 0 : false}
    >
      {data ? (
        <>
          <div className="dashboard-figures">
            <Figure
              label={t('dashboard.library.published')}
              value={data.published}
              onOpen={() => entries(t('dashboard.library.published'), 'published')}
              testId="figure-published"
            />
            <Figure
              label={t('dashboard.library.adaptedEntries')}
              value={`${data.adaptedEntries} / ${data.adaptations}`}
              onOpen={() => entries(t('dashboard.library.adaptedEntries'), 'adapted')}
            />
            <Figure
              label={t('dashboard.library.ratedEntries')}
              value={data.ratedEntries}
              onOpen={() => entries(t('dashboard.library.ratedEntries'), 'rated')}
            />
            <Figure
              label={t('dashboard.library.averageStars')}
              value={orDash(data.averageStars, (value) => `${value} ★`)}
              onOpen={() => entries(t('dashboard.library.averageStars'), 'rated')}
            />
            <Figure
              label={t('dashboard.library.medianHoursInReview')}
              value={orDash(data.medianHoursInReview, (value) =>
                t('dashboard.library.hours', { value }),
              )}
              onOpen={() => entries(t('dashboard.library.medianHoursInReview'), 'reviewed')}
            />
            <Figure
              label={t('dashboard.library.withdrawn')}
              value={data.withdrawn}
              onOpen={() => entries(t('dashboard.library.withdrawn'), 'withdrawn')}
            />
            <Figure label={t('dashboard.library.pendingReviews')} value={data.pendingReviews} />
          </div>
          {rows.length > 0 ? (
            <>
              <Chart
                label={t('dashboard.library.bySchool')}
                height={200}
                option={option}
                onClick={(click) => {
                  const row = rows[click.dataIndex]
                  if (row) bySchool(row)?.()
                }}
              />
              <DashTable
                testId="table-library"
                columns={columns}
                rows={rows}
                rowKey={(row) => row.schoolId}
                fileName={t('dashboard.files.libraryBySchool')}
                sheetName={t('dashboard.library.bySchool')}
              />
            </>
          ) : null}
        </>
      ) : null}
    </IndicatorCard>
  )
}
