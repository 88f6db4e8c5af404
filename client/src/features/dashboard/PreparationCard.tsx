import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { TASK_STAGES } from '../../../../shared/dashboard/dashboardApi.ts'
import { useIndicator } from './api.ts'
import { Chart, categoryAxis } from './Chart.tsx'
import { useDashboard } from './dashboardContext.ts'
import { Figure, IndicatorCard, orDash, percent } from './IndicatorCard.tsx'

/** Preparation on time: tasks per stage, the on-time share and the median days to 共案. */
export function PreparationCard() {
  const { t } = useTranslation()
  const { filters, openDrill } = useDashboard()
  const answer = useIndicator('preparation', filters)
  const data = answer.data
  const tasks = (caption: string, query: Record<string, string> = {}) =>
    openDrill({ kind: 'tasks', request: { path: 'preparation/tasks', query }, caption })
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: categoryAxis(TASK_STAGES.map((stage) => t(`prep.stages.${stage}`))),
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.preparation.tasks'),
          data: TASK_STAGES.map((stage) => data?.byStage[stage] ?? 0),
          itemStyle: { color: '#1677ff' },
        },
      ],
    }),
    [data, t],
  )
  const unsigned = data ? data.dueOrSigned - data.signedOnTime - data.signedLate : 0
  return (
    <IndicatorCard
      testId="card-preparation"
      title={t('dashboard.preparation.title')}
      definition={t('dashboard.preparation.definition')}
      loading={answer.isPending}
      error={answer.error}
      empty={data?.tasks === 0}
    >
      {data ? (
        <>
          <div className="dashboard-figures">
            <Figure
              label={t('dashboard.preparation.tasks')}
              value={data.tasks}
              onOpen={() => tasks(t('dashboard.preparation.tasks'))}
              testId="figure-tasks"
            />
            <Figure
              label={t('dashboard.preparation.onTimeShare')}
              value={percent(data.onTimeShare)}
              onOpen={() => tasks(t('dashboard.preparation.signedOnTime'), { onTime: 'true' })}
              testId="figure-on-time"
            />
            <Figure
              label={t('dashboard.preparation.medianDays')}
              value={orDash(data.medianDaysToSigned, (value) =>
                t('dashboard.preparation.days', { value }),
              )}
              onOpen={() => tasks(t('dashboard.preparation.medianDays'), { stage: 'final' })}
            />
            <Figure
              label={t('dashboard.preparation.signedLate')}
              value={data.signedLate}
              onOpen={() => tasks(t('dashboard.preparation.signedLate'), { onTime: 'false' })}
            />
            <Figure
              label={t('dashboard.preparation.unsigned')}
              value={unsigned}
              onOpen={() => tasks(t('dashboard.preparation.unsigned'), { onTime: 'unsigned' })}
            />
          </div>
          <Chart
            label={t('dashboard.preparation.byStage')}
            height={220}
            option={option}
            testId="chart-stages"
            onClick={(click) => {
              const stage = TASK_STAGES[click.dataIndex]
              if (stage) tasks(t(`prep.stages.${stage}`), { stage })
            }}
          />
        </>
      ) : null}
    </IndicatorCard>
  )
}
