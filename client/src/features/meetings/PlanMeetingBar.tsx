import { TeamOutlined } from '@ant-design/icons'
import { Alert, App, Button, Space, Tooltip } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { usePlanMeetings, useStartMeetingMutation } from './api.ts'
import './meetings.css'

/**
 * On the plan page: a "meeting running — join" banner for everyone who can see the plan while a
 * meeting runs, else a "start group discussion" button for the lead, and the past minutes.
 */
export function PlanMeetingBar({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const meetings = usePlanMeetings(documentId)
  const startMeeting = useStartMeetingMutation(documentId)
  if (!meetings.data) return null
  const { running, items, canStart } = meetings.data
  const past = items.filter((item) => item.endedAt !== null && item.minutesDocumentId)

  if (running) {
    return (
      <Alert
        className="session-bar"
        type="warning"
        showIcon
        icon={<TeamOutlined />}
        message={t('session.running')}
        description={t('session.runningBy', { host: running.hostName })}
        data-testid="session-running-banner"
        action={
          <Button type="primary" onClick={() => navigate(`/sessions/${running.id}`)}>
            {t('session.join')}
          </Button>
        }
      />
    )
  }
  if (!canStart && past.length === 0) return null
  const start = (): void => {
    startMeeting.mutate(undefined, {
      onSuccess: (meetingId) => navigate(`/sessions/${meetingId}`),
      onError: (error: unknown) => {
        message.error(
          t('session.startFailed', {
            message: apiErrorMessage(t, error),
          }),
        )
      },
    })
  }
  return (
    <Space className="session-bar" wrap>
      {canStart && (
        <Tooltip title={t('session.startHint')}>
          <Button
            icon={<TeamOutlined />}
            loading={startMeeting.isPending}
            onClick={start}
            data-testid="start-session"
          >
            {t('session.start')}
          </Button>
        </Tooltip>
      )}
      {past.length > 0 && (
        <Space size="small" wrap>
          <span>{t('session.pastMinutes')}:</span>
          {past.slice(0, 3).map((item) => (
            <Link key={item.id} to={`/plans/${item.minutesDocumentId}`}>
              {new Date(item.startedAt).toLocaleDateString()}
            </Link>
          ))}
        </Space>
      )}
    </Space>
  )
}
