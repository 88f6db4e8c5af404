import { Button, List, Space, Table, Tag, Typography } from 'antd'
import type { HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type {
  ObservationReport,
  ObserverValue,
  ReportItem,
  ReportNote,
  ReportObserver,
} from '../../../../shared/observations/observationApi.ts'
import { formatClock, oneDecimal } from './format.ts'

/** An observer's value in a row, or a dash. */
function observerValue(values: ObserverValue[], observer: number): string {
  const found = values.find((value) => value.observer === observer)
  return found === undefined ? '—' : oneDecimal(found.value)
}

/** The label of a scale value (5 → 优), or the number. */
function levelLabel(report: ObservationReport, value: number): string {
  return (
    report.observation.rubric.scale.find((level) => level.value === value)?.label ?? String(value)
  )
}

/** Each observer's total and grade. */
export function ReportObservers({ report }: { report: ObservationReport }) {
  const { t } = useTranslation()
  return (
    <Table<ReportObserver>
      size="small"
      rowKey="index"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={report.observers}
      data-testid="report-observers"
      columns={[
        { title: t('observations.report.observers'), dataIndex: 'label' },
        {
          title: t('observations.report.observerTotal'),
          render: (_, observer) =>
            observer.percent === null
              ? '—'
              : `${oneDecimal(observer.total)}（${oneDecimal(observer.percent)}%）`,
        },
        {
          title: t('observations.report.observerGrade'),
          render: (_, observer) => observer.grade ?? '—',
        },
        {
          title: '',
          render: (_, observer) =>
            observer.submittedAt === null ? (
              <Tag>{t('observations.report.notSubmitted')}</Tag>
            ) : null,
        },
      ]}
    />
  )
}

/** Each item's mean, spread and every observer's score; its points when expanded. */
export function ReportItems({ report }: { report: ObservationReport }) {
  const { t } = useTranslation()
  const observerColumns = report.observers.map((observer) => ({
    title: observer.label,
    key: `observer-${observer.index}`,
    render: (_: unknown, item: ReportItem) => observerValue(item.scores, observer.index),
  }))
  return (
    <Table<ReportItem>
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={report.items}
      data-testid="report-items"
      onRow={(item) => ({ 'data-item': item.key }) as HTMLAttributes<HTMLElement>}
      expandable={{
        expandedRowRender: (item) => (
          <List
            size="small"
            dataSource={item.points}
            renderItem={(point) => (
              <List.Item>
                <div className="report-point">
                  <span>{point.text}</span>
                  <Space wrap size={4}>
                    {point.scores.map((score) => (
                      <Tag key={score.observer}>
                        {report.observers[score.observer]?.label}：{levelLabel(report, score.value)}
                      </Tag>
                    ))}
                    {point.stats && (
                      <Typography.Text type="secondary">
                        {t('observations.report.mean')} {oneDecimal(point.stats.mean)}
                      </Typography.Text>
                    )}
                  </Space>
                </div>
              </List.Item>
            )}
          />
        ),
      }}
      columns={[
        { title: t('observations.report.item'), dataIndex: 'name', fixed: 'left' },
        { title: t('observations.report.weight'), dataIndex: 'weight' },
        {
          title: t('observations.report.mean'),
          render: (_, item) => (item.stats ? <strong>{oneDecimal(item.stats.mean)}</strong> : '—'),
        },
        {
          title: t('observations.report.spread'),
          render: (_, item) =>
            item.stats ? `${oneDecimal(item.stats.min)}–${oneDecimal(item.stats.max)}` : '—',
        },
        {
          title: t('observations.report.stdDev'),
          render: (_, item) => (item.stats ? oneDecimal(item.stats.stdDev) : '—'),
        },
        ...observerColumns,
      ]}
    />
  )
}

/** The bonus items (个性特色 加分): mean and every observer's points. */
export function ReportBonusList({ report }: { report: ObservationReport }) {
  const { t } = useTranslation()
  if (report.bonus.length === 0) return null
  return (
    <div className="report-bonus" data-testid="report-bonus">
      {report.bonus.map((bonus) => (
        <div key={bonus.key}>
          <Tag color="gold">{t('observations.report.bonus')}</Tag>
          <Typography.Text strong>{bonus.name}</Typography.Text>{' '}
          <Typography.Text type="secondary">
            {t('observations.report.mean')} {bonus.stats ? oneDecimal(bonus.stats.mean) : '—'} /{' '}
            {bonus.max}
          </Typography.Text>{' '}
          {bonus.scores.map((score) => (
            <Tag key={score.observer}>
              {report.observers[score.observer]?.label}：{oneDecimal(score.value)}
            </Tag>
          ))}
        </div>
      ))}
    </div>
  )
}

/** Planned vs actual minutes per step, as bars (the actual one red when over the plan). */
export function ReportTiming({ report }: { report: ObservationReport }) {
  const { t } = useTranslation()
  const longest = Math.max(1, ...report.steps.flatMap((step) => [step.planned, step.actual ?? 0]))
  const width = (minutes: number) => `${Math.max(2, (minutes / longest) * 100)}%`
  return (
    <div className="report-timing" data-testid="report-timing">
      <div className="report-timing-legend">
        <span className="report-bar-key report-bar-planned" />{' '}
        {t('observations.report.timingPlanned')}
        <span className="report-bar-key report-bar-actual" />{' '}
        {t('observations.report.timingActual')}
      </div>
      {report.steps.map((step) => (
        <div key={step.index} className="report-timing-row" data-testid="report-step-timing">
          <div className="report-timing-name">{step.name}</div>
          <div className="report-timing-bars">
            <div className="report-bar report-bar-planned" style={{ width: width(step.planned) }}>
              {step.planned}
            </div>
            {step.actual === null ? (
              <Typography.Text type="secondary">
                {t('observations.report.timingMissing')}
              </Typography.Text>
            ) : (
              <div
                className={`report-bar report-bar-actual${step.actual > step.planned ? ' report-bar-over' : ''}`}
                style={{ width: width(step.actual) }}
              >
                {oneDecimal(step.actual)}
              </div>
            )}
          </div>
        </div>
      ))}
    </div>
  )
}

/** A list of notes with their observer and time. */
function NoteList({ report, notes }: { report: ObservationReport; notes: ReportNote[] }) {
  const { t, i18n } = useTranslation()
  if (notes.length === 0) {
    return <div className="report-notes-empty">{t('observations.report.noNotes')}</div>
  }
  return (
    <ul className="report-notes">
      {notes.map((note) => (
        <li key={`${note.observer}-${note.id}`} data-testid="report-note">
          <Typography.Text type="secondary">
            {formatClock(note.at, i18n.language)} · {report.observers[note.observer]?.label}
          </Typography.Text>{' '}
          {note.text}
        </li>
      ))}
    </ul>
  )
}

/** All notes, by step, then those about the whole lesson. */
export function ReportNotes({ report }: { report: ObservationReport }) {
  const { t } = useTranslation()
  return (
    <div data-testid="report-notes">
      {report.steps.map((step) => (
        <div key={step.index} className="report-notes-step">
          <Typography.Text strong>
            {step.index + 1}. {step.name}
          </Typography.Text>
          <NoteList report={report} notes={step.notes} />
        </div>
      ))}
      {report.generalNotes.length > 0 && (
        <div className="report-notes-step">
          <Typography.Text strong>{t('observations.report.generalNotes')}</Typography.Text>
          <NoteList report={report} notes={report.generalNotes} />
        </div>
      )}
    </div>
  )
}

/** Every observer's strengths and suggestions; a suggestion can go onto the plan as a comment. */
export function ReportComments({
  report,
  mayAlwaysSend,
  myObserverIndex,
  sending,
  onSend,
}: {
  report: ObservationReport
  /** The observed teacher, the lead or an admin (they may send any suggestion). */
  mayAlwaysSend: boolean
  myObserverIndex: number | null
  sending: string | null
  onSend: (suggestionId: string) => void
}) {
  const { t } = useTranslation()
  const stepName = (index: number | null) =>
    index === null ? null : report.steps.find((step) => step.index === index)?.name
  return (
    <div data-testid="report-comments">
      {report.comments.map((comment) => (
        <div key={comment.observer} className="report-comment">
          <Typography.Text strong>{report.observers[comment.observer]?.label}</Typography.Text>
          {comment.strengths && (
            <p>
              <Tag color="green">{t('observations.report.strengths')}</Tag>
              {comment.strengths}
            </p>
          )}
          {comment.suggestions.map((suggestion) => (
            <div key={suggestion.id} className="report-suggestion" data-testid="report-suggestion">
              <div>
                <Tag color="orange">{t('observations.report.suggestions')}</Tag>
                {stepName(suggestion.step) && (
                  <Tag>{t('observations.report.stepOf', { step: stepName(suggestion.step) })}</Tag>
                )}
                {suggestion.text}
              </div>
              {suggestion.threadId !== null ? (
                <Link
                  to={`/plans/${report.observation.documentId}`}
                  data-testid="suggestion-sent"
                  className="report-sent"
                >
                  {t('observations.report.suggestionSent')}
                </Link>
              ) : (
                suggestion.step !== null &&
                (mayAlwaysSend || myObserverIndex === comment.observer) && (
                  <Button
                    size="small"
                    loading={sending === suggestion.id}
                    onClick={() => onSend(suggestion.id)}
                    data-testid="send-suggestion"
                  >
                    {t('observations.report.sendSuggestion')}
                  </Button>
                )
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  )
}
