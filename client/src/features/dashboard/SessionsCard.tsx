import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useIndicator } from './api.ts'
import { Chart, categoryAxis } from './Chart.tsx'
import type { DashColumn } from './DashTable.tsx'
import { DashTable } from './DashTable.tsx'
import { canDrillSchool, useDashboard } from './dashboardContext.ts'
import { CountLink, Figure, IndicatorCard } from './IndicatorCard.tsx'
import { SchoolName } from './SchoolName.tsx'

interface SchoolSessionRow {
  schoolId: string
  schoolName: string
  attendance: number
  people: number
  turns: number
}

/** Sessions held, attendance and speaking turns by school. */
export function SessionsCard() {
  const { t } = useTranslation()
  const { filters, openDrill, scope } = useDashboard()
  const answer = useIndicator('sessions', filters)
  const data = answer.data
  const rows = useMemo((): SchoolSessionRow[] => {
    if (!data) return []
    const bySchool = new Map<string, SchoolSessionRow>()
    const row = (schoolId: string, schoolName: string): SchoolSessionRow => {
      const existing = bySchool.get(schoolId)
      if (existing) return existing
      const created = { schoolId, schoolName, attendance: 0, people: 0, turns: 0 }
      bySchool.set(schoolId, created)
      return created
    }
    for (const item of data.attendanceBySchool) {
      const target = row(item.schoolId, item.schoolName)
      target.attendance = item.count
      target.people = item.people
    }
    for (const item of data.turnsBySchool) row(item.schoolId, item.schoolName).turns = item.count
    return [...bySchool.values()]
  }, [data])
  const sessions = (caption: string, query: Record<string, string> = {}) =>
    openDrill({ kind: 'sessions', request: { path: 'sessions/list', query }, caption })
  const bySchool = (row: SchoolSessionRow, key: 'attendeeSchool' | 'speakerSchool') =>
    canDrillSchool(scope, row.schoolId)
      ? () =>
          sessions(
            `${row.schoolName} · ${t(key === 'attendeeSchool' ? 'dashboard.sessions.attendance' : 'dashboard.sessions.turns')}`,
            { [key]: row.schoolId },
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
          name: t('dashboard.sessions.attendance'),
          data: rows.map((row) => row.attendance),
        },
        { type: 'bar', name: t('dashboard.sessions.turns'), data: rows.map((row) => row.turns) },
      ],
    }),
    [rows, t],
  )
  const columns: DashColumn<SchoolSessionRow>[] = [
    {
      key: 'school',
      title: t('dashboard.columns.school'),
      value: (row) => row.schoolName,
      render: (row) => <SchoolName schoolId={row.schoolId} name={row.schoolName} />,
    },
    {
      key: 'attendance',
      title: t('dashboard.sessions.attendance'),
      value: (row) => row.attendance,
      render: (row) => (
        <CountLink count={row.attendance} onOpen={bySchool(row, 'attendeeSchool')} />
      ),
    },
    { key: 'people', title: t('dashboard.sessions.people'), value: (row) => row.people },
    {
      key: 'turns',
      title: t('dashboard.sessions.turns'),
      value: (row) => row.turns,
      render: (row) => <CountLink count={row.turns} onOpen={bySchool(row, 'speakerSchool')} />,
    },
  ]
  return (
    <IndicatorCard
      testId="card-sessions"
      title={t('dashboard.sessions.title')}
      definition={t('dashboard.sessions.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={data?.sessions === 0}
    >
      {data ? (
        <>
          <div className="dashboard-figures">
            <Figure
              label={t('dashboard.sessions.sessions')}
              value={data.sessions}
              onOpen={() => sessions(t('dashboard.sessions.sessions'))}
            />
            <Figure
              label={t('dashboard.sessions.ended')}
              value={data.ended}
              onOpen={() => sessions(t('dashboard.sessions.sessions'))}
            />
          </div>
          <Chart
            label={t('dashboard.sessions.bySchool')}
            height={220}
            option={option}
            onClick={(click) => {
              const row = rows[click.dataIndex]
              const open =
                row && bySchool(row, click.seriesIndex === 0 ? 'attendeeSchool' : 'speakerSchool')
              open?.()
            }}
          />
          <DashTable
            testId="table-attendance"
            columns={columns}
            rows={rows}
            rowKey={(row) => row.schoolId}
            fileName={t('dashboard.files.attendance')}
            sheetName={t('dashboard.sessions.bySchool')}
          />
        </>
      ) : null}
    </IndicatorCard>
  )
}
