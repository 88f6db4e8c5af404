import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Input, InputNumber, Modal, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  AGENDA_LIMITS,
  type AgendaItem,
  type MeetingStateView,
  remainingMs,
} from '../../../../shared/meetings/meetingState.ts'
import type { MeetingActions } from './api.ts'
import { formatCountdown } from './clock.ts'

/** The right column's agenda: items, the current item's countdown, the lead's timer controls. */
export function AgendaPanel({
  state,
  serverNow,
  isLead,
  run,
  actions,
}: {
  state: MeetingStateView
  serverNow: number
  isLead: boolean
  run: (action: () => Promise<unknown>) => void
  actions: MeetingActions
}) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const running = state.status === 'running'
  // The same computation in every browser: server start time, accumulated time, server clock.
  const remaining = remainingMs(state, serverNow)
  const overTime = remaining < 0
  return (
    <Card
      size="small"
      title={t('session.agenda.title')}
      extra={
        isLead &&
        running && (
          <Button size="small" onClick={() => setEditing(true)} data-testid="edit-agenda">
            {t('session.agenda.edit')}
          </Button>
        )
      }
    >
      <div
        hidden={!running}
        className={`session-countdown ${overTime ? 'session-overtime' : ''}`}
        data-testid="agenda-remaining"
        data-remaining-ms={Math.round(remaining)}
        data-running={state.timer.running}
        role="timer"
        aria-label={t('session.agenda.remaining')}
      >
        <Typography.Text type="secondary">
          {state.agenda[state.current]?.title} ·{' '}
          {overTime ? t('session.agenda.overTime') : t('session.agenda.remaining')}
        </Typography.Text>
        <div className="session-countdown-value">{formatCountdown(remaining)}</div>
      </div>
      {!running && (
        <Typography.Text type="secondary" data-testid="agenda-ended">
          {t('session.agenda.ended')}
        </Typography.Text>
      )}
      {isLead && running && (
        <Space wrap className="session-controls">
          {state.timer.running ? (
            <Button onClick={() => run(() => actions.timer('pause'))} data-testid="timer-pause">
              {t('session.agenda.pause')}
            </Button>
          ) : (
            <Button
              type="primary"
              onClick={() => run(() => actions.timer('start'))}
              data-testid="timer-start"
            >
              {t('session.agenda.start')}
            </Button>
          )}
          <Button
            onClick={() => run(() => actions.timer('next'))}
            disabled={state.current >= state.agenda.length - 1}
            data-testid="timer-next"
          >
            {t('session.agenda.next')}
          </Button>
          <Button onClick={() => run(() => actions.timer('reset'))}>
            {t('session.agenda.reset')}
          </Button>
        </Space>
      )}
      <ol className="session-agenda" data-testid="agenda">
        {state.agenda.map((item, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: agenda items have no id; order is identity
            key={index}
            className={index === state.current ? 'session-agenda-current' : ''}
            aria-current={index === state.current ? 'step' : undefined}
          >
            <span>{item.title}</span>
            <Typography.Text type="secondary">
              {t('session.agenda.minutes', { minutes: item.minutes })}
            </Typography.Text>
          </li>
        ))}
      </ol>
      {editing && (
        <AgendaEditor
          initial={state.agenda}
          onCancel={() => setEditing(false)}
          onSave={(items) => {
            setEditing(false)
            run(() => actions.agenda(items))
          }}
        />
      )}
    </Card>
  )
}

function AgendaEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: readonly AgendaItem[]
  onSave: (items: AgendaItem[]) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [items, setItems] = useState<AgendaItem[]>(() => initial.map((item) => ({ ...item })))
  const valid = items.length > 0 && items.every((item) => item.title.trim() && item.minutes >= 1)
  const update = (index: number, change: Partial<AgendaItem>): void =>
    setItems((current) => current.map((item, i) => (i === index ? { ...item, ...change } : item)))
  return (
    <Modal
      open
      title={t('session.agenda.editTitle')}
      okText={t('session.agenda.save')}
      cancelText={t('session.agenda.cancel')}
      okButtonProps={{ disabled: !valid }}
      onOk={() => onSave(items.map((item) => ({ ...item, title: item.title.trim() })))}
      onCancel={onCancel}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {items.map((item, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
          <Space key={index} style={{ width: '100%' }}>
            <Input
              aria-label={t('session.agenda.itemTitle')}
              value={item.title}
              maxLength={AGENDA_LIMITS.maxTitle}
              onChange={(event) => update(index, { title: event.target.value })}
            />
            <InputNumber
              aria-label={t('session.agenda.itemMinutes')}
              min={1}
              max={AGENDA_LIMITS.maxMinutes}
              value={item.minutes}
              onChange={(value) => update(index, { minutes: value ?? 1 })}
              addonAfter={t('session.agenda.itemMinutes')}
            />
            <Button
              icon={<DeleteOutlined />}
              aria-label={t('session.agenda.removeItem')}
              disabled={items.length <= 1}
              onClick={() => setItems((current) => current.filter((_, i) => i !== index))}
            />
          </Space>
        ))}
        <Button
          icon={<PlusOutlined />}
          disabled={items.length >= AGENDA_LIMITS.maxItems}
          onClick={() => setItems((current) => [...current, { title: '', minutes: 5 }])}
        >
          {t('session.agenda.addItem')}
        </Button>
      </Space>
    </Modal>
  )
}
