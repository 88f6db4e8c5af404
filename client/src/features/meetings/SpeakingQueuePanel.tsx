import { Button, Card, Empty, Space, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { MeetingParticipant } from '../../../../shared/meetings/meetingApi.ts'
import type { MeetingStateView } from '../../../../shared/meetings/meetingState.ts'
import type { MeetingActions } from './api.ts'

/** The speaking queue: raise or lower my hand; the lead gives and takes back the floor. */
export function SpeakingQueuePanel({
  state,
  participants,
  myId,
  isLead,
  run,
  actions,
}: {
  state: MeetingStateView
  participants: readonly MeetingParticipant[]
  myId: string
  isLead: boolean
  run: (action: () => Promise<unknown>) => void
  actions: MeetingActions
}) {
  const { t } = useTranslation()
  const nameOf = (userId: string): string =>
    participants.find((person) => person.userId === userId)?.displayName ?? userId
  const running = state.status === 'running'
  const handRaised = state.queue.some((hand) => hand.userId === myId)
  return (
    <Card
      size="small"
      title={t('session.queue.title')}
      extra={
        running && (
          <Button
            size="small"
            type={handRaised ? 'default' : 'primary'}
            aria-pressed={handRaised}
            onClick={() => run(() => actions.hand(!handRaised))}
            data-testid="hand"
          >
            {handRaised ? t('session.queue.lower') : t('session.queue.raise')}
          </Button>
        )
      }
    >
      <div className="session-floor" data-testid="floor" data-user-id={state.floor ?? ''}>
        {state.floor ? (
          <Space>
            <Typography.Text strong>
              {t('session.queue.floor', { name: nameOf(state.floor) })}
            </Typography.Text>
            {isLead && running && (
              <Button size="small" onClick={() => run(() => actions.floor(null))}>
                {t('session.queue.takeBack')}
              </Button>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('session.queue.noFloor')}</Typography.Text>
        )}
      </div>
      {state.queue.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('session.queue.empty')} />
      ) : (
        <ol className="session-queue" data-testid="queue">
          {state.queue.map((hand) => (
            <li key={hand.userId} data-user-id={hand.userId}>
              <span>{nameOf(hand.userId)}</span>
              {isLead && running && (
                <Button
                  size="small"
                  onClick={() => run(() => actions.floor(hand.userId))}
                  data-testid="give-floor"
                >
                  {t('session.queue.give')}
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  )
}
