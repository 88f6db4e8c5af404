import {
  Alert,
  App,
  Button,
  Card,
  Popconfirm,
  Result,
  Space,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { ObservationReport } from '../../../../shared/observations/observationApi.ts'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { NotFoundPage } from '../../components/ErrorPages.tsx'
import { ExportMenu } from '../export/index.ts'
import { useMe } from '../identity/index.ts'
import {
  useCloseObservationMutation,
  useObservation,
  useObservationReport,
  useObservationSettings,
  useSaveObservationSettingsMutation,
  useSendSuggestionMutation,
  useStartReviewMeetingMutation,
} from './api.ts'
import { formatDateTime, oneDecimal } from './format.ts'
import {
  ReportBonusList,
  ReportComments,
  ReportItems,
  ReportNotes,
  ReportObservers,
  ReportTiming,
} from './ReportParts.tsx'
import './observations.css'

/** The group's choice whether the observed teacher sees observers' names (lead and admins). */
function NamesSetting({ groupId }: { groupId: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const settings = useObservationSettings(groupId)
  const save = useSaveObservationSettingsMutation(groupId)
  if (!settings.data) return null
  return (
    <Space>
      <Switch
        size="small"
        checked={settings.data.showObserverNames}
        loading={save.isPending}
        data-testid="names-setting"
        onChange={(showObserverNames) =>
          save
            .mutateAsync({ showObserverNames })
            .catch((error: unknown) =>
              message.error(t('observations.failed', { message: apiErrorMessage(t, error) })),
            )
        }
      />
      <Typography.Text type="secondary">{t('observations.report.settings')}</Typography.Text>
    </Space>
  )
}

/** 结束听课 (the observed teacher, the lead, admins): the sheets become final. */
function CloseButton({ observationId }: { observationId: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const close = useCloseObservationMutation(observationId)
  return (
    <Popconfirm
      title={t('observations.report.closeConfirm')}
      onConfirm={() =>
        close
          .mutateAsync()
          .catch((error: unknown) =>
            message.error(t('observations.failed', { message: apiErrorMessage(t, error) })),
          )
      }
    >
      <Button loading={close.isPending} data-testid="close-observation">
        {t('observations.report.close')}
      </Button>
    </Popconfirm>
  )
}

/** The proposed 评课 agenda and the button that starts the meeting from it. */
function ReviewMeeting({ report }: { report: ObservationReport }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const start = useStartReviewMeetingMutation(report.observation.id)
  const begin = async () => {
    try {
      const started = await start.mutateAsync({})
      message.success(t('observations.report.meetingStarted'))
      navigate(`/sessions/${started.meetingId}`)
    } catch (error) {
      message.error(t('observations.failed', { message: apiErrorMessage(t, error) }))
    }
  }
  return (
    <Card size="small" title={t('observations.report.agenda')} data-testid="report-agenda">
      {report.agenda.length === 0 ? (
        <Typography.Text type="secondary">{t('observations.report.agendaEmpty')}</Typography.Text>
      ) : (
        <ol className="report-agenda">
          {report.agenda.map((item) => (
            <li key={item.key} data-testid="agenda-proposal">
              {item.title}
            </li>
          ))}
        </ol>
      )}
      {report.observation.roles.lead && (
        <Button
          type="primary"
          disabled={report.agenda.length === 0}
          loading={start.isPending}
          onClick={() => void begin()}
          data-testid="start-review-meeting"
        >
          {t('observations.report.startMeeting')}
        </Button>
      )}
    </Card>
  )
}

/** The report once it could be read. */
function ReportBody({ report, userId }: { report: ObservationReport; userId: string }) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const info = report.observation
  const send = useSendSuggestionMutation(info.id)
  const [sending, setSending] = useState<string | null>(null)
  const mayClose =
    info.status === 'scheduled' && (info.roles.teacher || info.roles.lead || info.roles.admin)
  const myIndex = report.observers.find((observer) => observer.person?.id === userId)?.index ?? null

  const sendSuggestion = async (suggestionId: string) => {
    setSending(suggestionId)
    try {
      await send.mutateAsync(suggestionId)
      message.success(t('observations.report.suggestionSent'))
    } catch (error) {
      message.error(t('observations.failed', { message: apiErrorMessage(t, error) }))
    } finally {
      setSending(null)
    }
  }

  return (
    <div className="observation-report" data-testid="observation-report">
      <div className="report-head">
        <Link to="/observations" className="sheet-back">
          {t('observations.back')}
        </Link>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('observations.report.title')} · {info.documentTitle}
          </Typography.Title>
          <Tag color={info.status === 'closed' ? 'default' : 'blue'} data-testid="report-status">
            {t(`observations.list.status.${info.status}`)}
          </Tag>
        </Space>
        <Typography.Text type="secondary">
          {info.teacher.displayName}（{info.teacher.schoolName}） · {info.className} · {info.room} ·{' '}
          {formatDateTime(info.startsAt, i18n.language)}
        </Typography.Text>
        <Typography.Text type="secondary" data-testid="report-version">
          <Link to={`/plans/${info.documentId}/history`}>{info.versionName}</Link> ·{' '}
          {info.rubricName} v{info.rubricVersion}
        </Typography.Text>
        <Space wrap>
          <ExportMenu
            basePath={`/api/observations/${encodeURIComponent(info.id)}`}
            fileStem="report"
            menuLabel={t('observations.report.exportMenu')}
          />
          {mayClose && <CloseButton observationId={info.id} />}
          {info.roles.observer && info.status === 'scheduled' && (
            <Link to={`/observations/${info.id}/sheet`}>{t('observations.list.openSheet')}</Link>
          )}
          <Link to={`/plans/${info.documentId}`}>{t('observations.report.openPlan')}</Link>
          {info.groupId && (info.roles.lead || info.roles.admin) && (
            <NamesSetting groupId={info.groupId} />
          )}
        </Space>
      </div>
      {report.live && <Alert type="info" showIcon message={t('observations.report.live')} />}
      {report.namesHidden && (
        <Alert type="info" showIcon message={t('observations.report.namesHidden')} />
      )}
      <div className="report-summary" data-testid="report-summary">
        <Card size="small">
          <div className="report-figure-label">{t('observations.report.meanTotal')}</div>
          <div className="report-figure" data-testid="report-mean-total">
            {report.total.stats ? oneDecimal(report.total.stats.mean) : '—'}
          </div>
          <Typography.Text type="secondary">
            {report.total.meanPercent === null ? '' : `${oneDecimal(report.total.meanPercent)}% · `}
            {t('observations.report.sheets', { count: report.total.sheets })}
          </Typography.Text>
        </Card>
        <Card size="small">
          <div className="report-figure-label">{t('observations.report.grade')}</div>
          <div className="report-figure" data-testid="report-grade">
            {report.total.grade ?? '—'}
          </div>
          {report.total.stats && (
            <Typography.Text type="secondary">
              {oneDecimal(report.total.stats.min)}–{oneDecimal(report.total.stats.max)}
            </Typography.Text>
          )}
        </Card>
      </div>
      <Card size="small" title={t('observations.report.observers')}>
        <ReportObservers report={report} />
      </Card>
      <Card size="small" title={t('observations.report.items')}>
        <ReportItems report={report} />
        <ReportBonusList report={report} />
      </Card>
      <ReviewMeeting report={report} />
      <Card size="small" title={t('observations.report.timing')}>
        <ReportTiming report={report} />
      </Card>
      <Card size="small" title={t('observations.report.notes')}>
        <ReportNotes report={report} />
      </Card>
      <Card size="small" title={t('observations.report.comments')}>
        <ReportComments
          report={report}
          mayAlwaysSend={info.roles.teacher || info.roles.lead || info.roles.admin}
          myObserverIndex={myIndex}
          sending={sending}
          onSend={(id) => void sendSuggestion(id)}
        />
      </Card>
    </div>
  )
}

/** `/observations/:id/report`: the 评课报告 (desktop and phone). */
export function ReportPage() {
  const { t } = useTranslation()
  const { observationId } = useParams()
  const me = useMe()
  const info = useObservation(observationId ?? '')
  const report = useObservationReport(observationId ?? '', Boolean(observationId))
  if (!observationId) return <NotFoundPage />
  if (report.data && me.data) return <ReportBody report={report.data} userId={me.data.id} />
  if (report.isPending) return <Spin />
  const error = report.error
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />
  if (error instanceof ApiError && error.code === 'report_not_ready') {
    return (
      <Result
        status="info"
        title={t('observations.report.notReady')}
        extra={
          <Space wrap>
            {info.data?.roles.observer && (
              <Link to={`/observations/${observationId}/sheet`}>
                {t('observations.list.openSheet')}
              </Link>
            )}
            {info.data?.status === 'scheduled' && info.data.roles.teacher && (
              <CloseButton observationId={observationId} />
            )}
            <Link to="/observations">{t('observations.back')}</Link>
          </Space>
        }
      />
    )
  }
  return <Result status="warning" title={apiErrorMessage(t, error)} />
}
