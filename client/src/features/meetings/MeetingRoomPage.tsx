import { Alert, App, Button, Popconfirm, Space, Spin, Tabs, Tag, Typography } from 'antd'
import { Suspense, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import type { PublicUser } from '../../../../shared/domain.ts'
import type { MeetingSnapshot } from '../../../../shared/meetings/meetingApi.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { AccessRevokedPage, NoPermissionPage, NotFoundPage } from '../../components/ErrorPages.tsx'
import { MinutesEditor, PlanEditor, useDocument } from '../documents/index.ts'
import { ExportMenu } from '../export/index.ts'
import { useMe } from '../identity/index.ts'
import { AgendaPanel } from './AgendaPanel.tsx'
import { meetingActions } from './api.ts'
import { formatElapsed, useServerNow } from './clock.ts'
import { ParticipantsPanel } from './ParticipantsPanel.tsx'
import { SpeakingQueuePanel } from './SpeakingQueuePanel.tsx'
import { useMeetingStream } from './useMeetingStream.ts'
import { VotesPanel } from './VotesPanel.tsx'
import './meetings.css'

/** `/sessions/<meetingId>`: the live meeting room (集体研讨). */
export function MeetingRoomPage() {
  const { t } = useTranslation()
  const { meetingId = '' } = useParams()
  const stream = useMeetingStream(meetingId)
  const me = useMe()
  if (stream.revoked) return <AccessRevokedPage />
  if (stream.refusedStatus === 404) return <NotFoundPage />
  if (stream.refusedStatus === 403 || stream.refusedStatus === 401) return <NoPermissionPage />
  if (!stream.snapshot || !me.data) return <Spin tip={t('session.loading')} fullscreen />
  return (
    <MeetingRoom
      snapshot={stream.snapshot}
      clockOffsetMs={stream.clockOffsetMs}
      connected={stream.connected}
      user={me.data}
    />
  )
}

function MeetingRoom({
  snapshot,
  clockOffsetMs,
  connected,
  user,
}: {
  snapshot: MeetingSnapshot
  clockOffsetMs: number
  connected: boolean
  user: PublicUser
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { session, state, participants, isLead, canVote } = snapshot
  const serverNow = useServerNow(clockOffsetMs)
  const actions = useMemo(() => meetingActions(session.id), [session.id])
  const ended = state.status === 'ended'
  const [tab, setTab] = useState<'plan' | 'minutes'>('plan')
  const run = (action: () => Promise<unknown>): void => {
    action().catch((error: unknown) => {
      message.error(
        t('session.actionFailed', {
          message: apiErrorMessage(t, error),
        }),
      )
    })
  }
  const elapsed = (session.endedAt ?? serverNow) - session.startedAt

  return (
    <div className="plan-page session-room" data-testid="session-room" data-status={state.status}>
      <header className="plan-topbar">
        <div>
          <Typography.Title level={4} className="plan-title">
            {t('session.title')} · {session.documentTitle}
          </Typography.Title>
          <Typography.Text type="secondary">
            {[session.groupName, session.hostName].filter(Boolean).join(' · ')}
          </Typography.Text>{' '}
          {ended ? (
            <Tag>{t('session.ended')}</Tag>
          ) : (
            <Tag color={connected ? 'green' : 'orange'}>
              {connected ? t('session.live') : t('session.reconnecting')}
            </Tag>
          )}
          <Typography.Text type="secondary" data-testid="session-elapsed">
            {t(ended ? 'session.duration' : 'session.elapsed', { time: formatElapsed(elapsed) })}
          </Typography.Text>
        </div>
        <Space wrap>
          <ExportMenu basePath={`/api/sessions/${encodeURIComponent(session.id)}`} record />
          {isLead && !ended && (
            <Popconfirm
              title={t('session.endConfirm')}
              description={t('session.endConfirmHint')}
              okText={t('session.end')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                actions
                  .end()
                  .then(() => setTab('minutes'))
                  .catch((error: unknown) => {
                    message.error(
                      t('session.actionFailed', {
                        message: apiErrorMessage(t, error),
                      }),
                    )
                  })
              }
            >
              <Button danger data-testid="end-session">
                {t('session.end')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </header>
      {ended && (
        <Alert
          type="success"
          showIcon
          message={t('session.ended')}
          description={t('session.endedHint')}
          data-testid="session-ended"
          action={
            session.minutesDocumentId && (
              <Button size="small" onClick={() => setTab('minutes')}>
                {t('session.openMinutes')}
              </Button>
            )
          }
        />
      )}
      <div className="session-columns">
        <aside className="session-left">
          <ParticipantsPanel participants={participants} state={state} />
        </aside>
        <main className="session-centre">
          <Tabs
            activeKey={tab}
            onChange={(key) => setTab(key === 'minutes' ? 'minutes' : 'plan')}
            items={[
              {
                key: 'plan',
                label: t('session.tabs.plan'),
                children: <RoomDocument documentId={session.documentId} user={user} />,
              },
              ...(session.minutesDocumentId
                ? [
                    {
                      key: 'minutes',
                      label: <span data-testid="minutes-tab">{t('session.tabs.minutes')}</span>,
                      children: (
                        <RoomDocument documentId={session.minutesDocumentId} user={user} minutes />
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </main>
        <aside className="session-right">
          <AgendaPanel
            state={state}
            serverNow={serverNow}
            isLead={isLead}
            run={run}
            actions={actions}
          />
          <SpeakingQueuePanel
            state={state}
            participants={participants}
            myId={user.id}
            isLead={isLead}
            run={run}
            actions={actions}
          />
          <VotesPanel state={state} isLead={isLead} canVote={canVote} run={run} actions={actions} />
        </aside>
      </div>
    </div>
  )
}

/** The plan (its editor, as on the plan page) or the minutes, in the room's centre. */
function RoomDocument({
  documentId,
  user,
  minutes = false,
}: {
  documentId: string
  user: PublicUser
  minutes?: boolean
}) {
  const { t } = useTranslation()
  const document = useDocument(documentId)
  if (document.isPending) return <Spin tip={t('plan.loading')} />
  if (document.isError) {
    return <Alert type="error" showIcon message={t('errors.unreachable')} />
  }
  return (
    <Suspense fallback={<Spin tip={t('plan.loading')} />}>
      {minutes ? (
        <MinutesEditor key={documentId} document={document.data} user={user} />
      ) : (
        <PlanEditor key={documentId} document={document.data} user={user} />
      )}
    </Suspense>
  )
}
