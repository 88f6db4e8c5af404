import { Alert, Button, Result, Spin, Tabs, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { ObservationInfo } from '../../../../shared/observations/observationApi.ts'
import { baseMaximum } from '../../../../shared/observations/rubric.ts'
import { sheetTotal } from '../../../../shared/observations/scoring.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { NotFoundPage } from '../../components/ErrorPages.tsx'
import { useMe } from '../identity/index.ts'
import { useObservation } from './api.ts'
import { formatDateTime, oneDecimal } from './format.ts'
import { SheetComments } from './SheetComments.tsx'
import { NoteInput, NoteList } from './SheetNotes.tsx'
import { PointsPicker, SheetScores } from './SheetScores.tsx'
import { SheetSteps } from './SheetSteps.tsx'
import { type OfflineSheet, useOfflineSheet } from './useOfflineSheet.ts'
import './observations.css'

/** The status line: 已保存, or how many changes wait (offline). */
function OutboxStatus({ offline }: { offline: OfflineSheet }) {
  const { t } = useTranslation()
  const color =
    offline.state === 'saved' ? 'green' : offline.state === 'sending' ? 'blue' : 'orange'
  return (
    <Tag
      color={color}
      data-testid="outbox-status"
      data-state={offline.state}
      data-pending={offline.pending}
    >
      {t(`observations.sheet.status.${offline.state}`, { count: offline.pending })}
    </Tag>
  )
}

/** The live total and grade of the sheet, from the shared scoring (the report's own). */
function LiveTotal({ info, offline }: { info: ObservationInfo; offline: OfflineSheet }) {
  const { t } = useTranslation()
  const total = sheetTotal(info.rubric, offline.sheet.scores, offline.sheet.bonus)
  const left = total.items.reduce((sum, item) => sum + item.totalPoints - item.scoredPoints, 0)
  return (
    <div className="sheet-total" data-testid="live-total">
      <span>
        {t('observations.sheet.total')}{' '}
        <strong data-testid="live-total-value">
          {total.percent === null
            ? t('observations.sheet.notScored')
            : t('observations.sheet.totalValue', {
                total: oneDecimal(total.total),
                max:
                  info.rubric.mode === 'weighted'
                    ? baseMaximum(info.rubric)
                    : oneDecimal(total.baseMax),
              })}
        </strong>
      </span>
      {total.percent !== null && (
        <span>{t('observations.sheet.percent', { percent: oneDecimal(total.percent) })}</span>
      )}
      {total.grade !== null && (
        <Tag color="geekblue" data-testid="live-grade">
          {total.grade}
        </Tag>
      )}
      {info.rubric.mode === 'weighted' && (
        <Typography.Text type="secondary">
          {left === 0
            ? t('observations.sheet.complete')
            : t('observations.sheet.incomplete', { count: left })}
        </Typography.Text>
      )}
    </div>
  )
}

/** The sheet once the observation and the signed-in user are known. */
function SheetBody({ userId, observationId }: { userId: string; observationId: string }) {
  const { t, i18n } = useTranslation()
  const live = useObservation(observationId)
  const offline = useOfflineSheet(userId, observationId, live.data)
  const info = offline.info
  if (!info) {
    if (live.isPending) return <Spin />
    return <Result status="warning" title={apiErrorMessage(t, live.error)} />
  }
  if (!info.roles.observer) {
    return (
      <Result
        status="info"
        title={t('observations.sheet.notObserver')}
        extra={
          <Link to={`/observations/${info.id}/report`}>{t('observations.sheet.openReport')}</Link>
        }
      />
    )
  }
  const readOnly = info.status === 'closed'
  const me = info.observers.find((observer) => observer.person?.id === userId)
  const myPoints = me?.points ?? offline.sheet.points
  const sheet = offline.sheet
  const submit = () => offline.change({ kind: 'submit', at: Date.now() })

  return (
    <div className="observer-sheet" data-testid="observer-sheet">
      <div className="sheet-head">
        <Link to="/observations" className="sheet-back">
          {t('observations.back')}
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {info.documentTitle}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="sheet-version">
          {info.versionName} · {info.rubricName} v{info.rubricVersion}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('observations.sheet.meta', {
            teacher: `${info.teacher.displayName}（${info.teacher.schoolName}）`,
            className: info.className,
            room: info.room,
          })}{' '}
          · {formatDateTime(info.startsAt, i18n.language)}
        </Typography.Text>
      </div>
      <div className="sheet-sticky">
        <OutboxStatus offline={offline} />
        <LiveTotal info={info} offline={offline} />
      </div>
      {readOnly && <Alert type="info" showIcon message={t('observations.sheet.closed')} />}
      {offline.rejected && (
        <Alert
          type="warning"
          showIcon
          closable
          message={t('observations.sheet.rejected', {
            message: apiErrorMessage(t, offline.rejected),
          })}
        />
      )}
      <Tabs
        defaultActiveKey="steps"
        items={[
          {
            key: 'steps',
            label: t('observations.sheet.steps'),
            children: (
              <>
                {!readOnly && (
                  <NoteInput steps={info.steps} sheet={sheet} onChange={offline.change} />
                )}
                <SheetSteps
                  steps={info.steps}
                  sheet={sheet}
                  readOnly={readOnly}
                  onChange={offline.change}
                />
                <Typography.Title level={5}>{t('observations.sheet.notes')}</Typography.Title>
                <NoteList
                  steps={info.steps}
                  sheet={sheet}
                  readOnly={readOnly}
                  onChange={offline.change}
                />
              </>
            ),
          },
          {
            key: 'scores',
            label:
              info.rubric.mode === 'viewpoints'
                ? t('observations.sheet.viewpoints')
                : t('observations.sheet.scores'),
            children: (
              <>
                {info.rubric.mode === 'viewpoints' && (
                  <details className="sheet-pick" open={myPoints.length === 0}>
                    <summary>{t('observations.sheet.pickPoints')}</summary>
                    <PointsPicker info={info} myPoints={myPoints} readOnly={readOnly} />
                  </details>
                )}
                <SheetScores
                  info={info}
                  sheet={sheet}
                  myPoints={myPoints}
                  readOnly={readOnly}
                  onChange={offline.change}
                />
              </>
            ),
          },
          {
            key: 'comments',
            label: t('observations.sheet.comments'),
            children: (
              <>
                <SheetComments
                  steps={info.steps}
                  sheet={sheet}
                  readOnly={readOnly}
                  onChange={offline.change}
                />
                <div className="sheet-submit">
                  {sheet.submittedAt !== null ? (
                    <Typography.Text type="success" data-testid="sheet-submitted">
                      {t('observations.sheet.submitted', {
                        time: formatDateTime(sheet.submittedAt, i18n.language),
                      })}
                    </Typography.Text>
                  ) : (
                    !readOnly && (
                      <Button
                        type="primary"
                        size="large"
                        block
                        onClick={submit}
                        data-testid="sheet-submit"
                      >
                        {t('observations.sheet.submit')}
                      </Button>
                    )
                  )}
                  <Typography.Text type="secondary">
                    {t('observations.sheet.submitHint')}
                  </Typography.Text>
                </div>
              </>
            ),
          },
        ]}
      />
    </div>
  )
}

/** `/observations/:id/sheet`: the observer's sheet, phone-first and offline-first. */
export function ObserverSheetPage() {
  const { observationId } = useParams()
  const me = useMe()
  if (!observationId) return <NotFoundPage />
  if (!me.data) return <Spin />
  return <SheetBody userId={me.data.id} observationId={observationId} />
}
