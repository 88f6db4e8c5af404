import { Button, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ObserverSheet, PinnedStep } from '../../../../shared/observations/observationApi.ts'
import { stepMinutes } from '../../../../shared/observations/scoring.ts'
import { formatClock, oneDecimal } from './format.ts'
import type { SheetChange } from './sheetChanges.ts'

/** The clock, ticking every `ms` (for running steps' minutes). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms)
    return () => window.clearInterval(timer)
  }, [ms])
  return now
}

/** The step running now: the one started last, unless the lesson ended after it. */
export function currentStepOf(sheet: ObserverSheet): number | null {
  let current: number | null = null
  let latest = -1
  for (const [key, at] of Object.entries(sheet.stepStarts)) {
    if (at > latest) {
      latest = at
      current = Number(key)
    }
  }
  if (current === null || (sheet.endedAt !== null && sheet.endedAt >= latest)) return null
  return current
}

/** The steps of the pinned plan version with their start buttons, planned vs actual minutes. */
export function SheetSteps({
  steps,
  sheet,
  readOnly,
  onChange,
}: {
  steps: PinnedStep[]
  sheet: ObserverSheet
  readOnly: boolean
  onChange: (change: SheetChange) => void
}) {
  const { t, i18n } = useTranslation()
  const now = useNow(15_000)
  const current = currentStepOf(sheet)
  const starts = Object.fromEntries(
    Object.entries(sheet.stepStarts).map(([key, at]) => [Number(key), at]),
  )
  const minutes = stepMinutes(steps, { starts, endedAt: sheet.endedAt })
  // The one step to start next is the prominent button: the first unstarted after the running one.
  const next = steps.find(
    (step) =>
      sheet.stepStarts[String(step.index)] === undefined &&
      (current === null || step.index > current),
  )?.index
  return (
    <div className="sheet-steps" data-testid="sheet-steps">
      {steps.map((step) => {
        const start = sheet.stepStarts[String(step.index)]
        const actual = minutes[step.index]?.actual ?? null
        const running = current === step.index
        return (
          <div
            key={step.index}
            className={`sheet-step${running ? ' sheet-step-running' : ''}`}
            data-testid="sheet-step"
            data-running={running ? 'true' : 'false'}
          >
            <div className="sheet-step-head">
              <Typography.Text strong>
                {step.index + 1}. {step.name}
              </Typography.Text>
              {running && <Tag color="blue">{t('observations.sheet.currentStep')}</Tag>}
            </div>
            <div className="sheet-step-minutes">
              <span>{t('observations.sheet.planned', { minutes: step.minutes })}</span>
              {start !== undefined && (
                <span>
                  {t('observations.sheet.startedAt', { time: formatClock(start, i18n.language) })}
                </span>
              )}
              {actual !== null ? (
                <span
                  className={actual > step.minutes ? 'sheet-over' : undefined}
                  data-testid="step-actual"
                >
                  {t('observations.sheet.actual', { minutes: oneDecimal(actual) })}
                </span>
              ) : (
                running &&
                start !== undefined && (
                  <span>
                    {t('observations.sheet.actualRunning', {
                      minutes: oneDecimal(Math.max(0, now - start) / 60_000),
                    })}
                  </span>
                )
              )}
            </div>
            {!readOnly &&
              !running &&
              (start === undefined ? (
                <Button
                  type={step.index === next ? 'primary' : 'default'}
                  size="large"
                  block
                  className="sheet-step-start"
                  data-testid="start-step"
                  onClick={() => onChange({ kind: 'timing', step: step.index, at: Date.now() })}
                >
                  {t('observations.sheet.startStep')}
                </Button>
              ) : (
                <Button
                  size="small"
                  type="link"
                  className="sheet-step-restart"
                  data-testid="restart-step"
                  onClick={() => onChange({ kind: 'timing', step: step.index, at: Date.now() })}
                >
                  {t('observations.sheet.restartStep')}
                </Button>
              ))}
          </div>
        )
      })}
      {!readOnly &&
        (sheet.endedAt === null || current !== null ? (
          <Button
            size="large"
            block
            danger
            disabled={current === null}
            data-testid="end-lesson"
            onClick={() => onChange({ kind: 'timing', step: 'end', at: Date.now() })}
          >
            {t('observations.sheet.endLesson')}
          </Button>
        ) : (
          <Space>
            <Typography.Text type="secondary">
              {t('observations.sheet.lessonEnded', {
                time: formatClock(sheet.endedAt, i18n.language),
              })}
            </Typography.Text>
            <Button
              size="small"
              onClick={() => onChange({ kind: 'timing', step: 'end', at: null })}
            >
              {t('observations.sheet.undoEnd')}
            </Button>
          </Space>
        ))}
    </div>
  )
}
