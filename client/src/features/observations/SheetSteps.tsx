import { Button, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  MAX_NOTE_LENGTH,
  type ObserverSheet,
  type PinnedStep,
} from '../../../../shared/observations/observationApi.ts'
import { stepMinutes } from '../../../../shared/observations/scoring.ts'
import { formatClock, oneDecimal } from './format.ts'
import { newClientId, type SheetChange } from './sheetChanges.ts'

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
            {!readOnly && !running && (
              <Button
                type={start === undefined ? 'primary' : 'default'}
                size="large"
                block
                className="sheet-step-start"
                data-testid="start-step"
                onClick={() => onChange({ kind: 'timing', step: step.index, at: Date.now() })}
              >
                {t('observations.sheet.startStep')}
              </Button>
            )}
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

/** Quick timestamped notes, attached to the step running now (or another one chosen). */
export function SheetNotes({
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
  const [text, setText] = useState('')
  const current = currentStepOf(sheet)
  const [chosen, setChosen] = useState<number | 'general' | 'current'>('current')
  const step = chosen === 'current' ? current : chosen === 'general' ? null : chosen
  const stepName = (index: number | null) =>
    index === null
      ? t('observations.sheet.noteGeneral')
      : (steps.find((item) => item.index === index)?.name ?? String(index + 1))

  const add = () => {
    const trimmed = text.trim()
    if (!trimmed) return
    const at = Date.now()
    onChange({
      kind: 'note',
      id: newClientId(),
      note: { step, text: trimmed, at, editedAt: at },
    })
    setText('')
  }

  return (
    <div className="sheet-notes">
      {!readOnly && (
        <div className="sheet-note-input">
          <Select
            size="small"
            value={chosen}
            style={{ minWidth: 160 }}
            aria-label={t('observations.sheet.noteStep')}
            onChange={setChosen}
            options={[
              {
                value: 'current',
                label: `${t('observations.sheet.currentStep')}：${stepName(current)}`,
              },
              ...steps.map((item) => ({ value: item.index, label: item.name })),
              { value: 'general', label: t('observations.sheet.noteGeneral') },
            ]}
          />
          <Input.TextArea
            value={text}
            maxLength={MAX_NOTE_LENGTH}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={
              step === null
                ? t('observations.sheet.notePlaceholderGeneral')
                : t('observations.sheet.notePlaceholder', { step: stepName(step) })
            }
            data-testid="note-text"
            onChange={(event) => setText(event.target.value)}
            onPressEnter={(event) => {
              if (!event.shiftKey) {
                event.preventDefault()
                add()
              }
            }}
          />
          <Button type="primary" size="large" onClick={add} data-testid="note-add">
            {t('observations.sheet.addNote')}
          </Button>
        </div>
      )}
      <List
        size="small"
        dataSource={[...sheet.notes].reverse()}
        locale={{ emptyText: t('observations.sheet.noNotes') }}
        data-testid="sheet-notes"
        renderItem={(note) => (
          <List.Item
            data-testid="sheet-note"
            actions={
              readOnly
                ? []
                : [
                    <Popconfirm
                      key="delete"
                      title={t('observations.sheet.deleteNote')}
                      onConfirm={() =>
                        onChange({
                          kind: 'note',
                          id: note.id,
                          note: {
                            step: note.step,
                            point: note.point,
                            text: note.text,
                            at: note.at,
                            editedAt: Math.max(Date.now(), note.editedAt + 1),
                            deleted: true,
                          },
                        })
                      }
                    >
                      <Button type="link" size="small">
                        {t('observations.sheet.deleteNote')}
                      </Button>
                    </Popconfirm>,
                  ]
            }
          >
            <div>
              <Space size={6}>
                <Typography.Text type="secondary">
                  {formatClock(note.at, i18n.language)}
                </Typography.Text>
                <Tag>{stepName(note.step)}</Tag>
              </Space>
              <div className="sheet-note-text">{note.text}</div>
            </div>
          </List.Item>
        )}
      />
    </div>
  )
}
