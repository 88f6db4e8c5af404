import { BellOutlined } from '@ant-design/icons'
import { Badge, Button, Empty, List, Popover, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { NotificationInfo } from '../../../../shared/domain.ts'
import { transitionOf } from '../../../../shared/notificationEvents.ts'
import { useMarkReadMutation, useNotifications } from './api.ts'
import './notifications.css'

/** The sentence shown for a notification, in the interface language. */
function useDescribe() {
  const { t } = useTranslation()
  return (item: NotificationInfo): string => {
    const actor = item.actor?.displayName ?? t('prep.notifications.someone')
    const title = item.documentTitle ?? item.excerpt
    if (item.kind === 'action_required') {
      // The text tells what happened (the stage the plan moved to then), not the plan's stage now.
      const to = transitionOf(item.excerpt)
      if (to) return t(`prep.notifications.action_${to}`, { title, actor })
      // Other events (a library reviewer's decision) store their own description.
      return item.excerpt
        ? t('prep.notifications.action_event', { actor, excerpt: item.excerpt })
        : t('prep.notifications.action_other', { title })
    }
    if (item.kind === 'session_started') return t('prep.notifications.session_started', { title })
    return t(`prep.notifications.${item.kind}`, { actor, excerpt: item.excerpt })
  }
}

/** Where a notification leads: its plan, else the task's schedule. */
function targetOf(item: NotificationInfo): string | null {
  if (item.observationId) return `/observations/${item.observationId}`
  if (item.documentId) return `/plans/${item.documentId}`
  if (item.taskId) return '/tasks'
  return null
}

/** The bell in the header: unread badge and the latest notifications, with links. */
export function NotificationBell() {
  const { t, i18n } = useTranslation()
  const notifications = useNotifications()
  const markReadMutation = useMarkReadMutation()
  const navigate = useNavigate()
  const describe = useDescribe()
  const [open, setOpen] = useState(false)
  const unread = notifications.data?.unread ?? 0
  const items = notifications.data?.items ?? []

  const markRead = async (body: { ids: string[] } | { all: true }): Promise<void> => {
    await markReadMutation.mutateAsync(body)
  }
  const openItem = (item: NotificationInfo): void => {
    if (item.readAt === null) void markRead({ ids: [item.id] })
    const target = targetOf(item)
    setOpen(false)
    if (target) navigate(target)
  }

  const list = (
    <div className="notification-list" data-testid="notification-list">
      <div className="notification-list-head">
        <Typography.Text strong>{t('prep.notifications.title')}</Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          onClick={() => void markRead({ all: true })}
        >
          {t('prep.notifications.markAll')}
        </Button>
      </div>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prep.notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              className={item.readAt === null ? 'notification unread' : 'notification'}
              data-testid="notification-item"
            >
              <button type="button" className="notification-link" onClick={() => openItem(item)}>
                <Typography.Text strong={item.readAt === null}>{describe(item)}</Typography.Text>
                <Typography.Text type="secondary" className="notification-time">
                  {new Date(item.createdAt).toLocaleString(i18n.language)}
                </Typography.Text>
              </button>
            </List.Item>
          )}
        />
      )}
    </div>
  )

  return (
    <Popover
      content={list}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      <Button
        type="text"
        aria-label={t('prep.notifications.bell', { count: unread })}
        data-testid="notification-bell"
      >
        <Badge count={unread} size="small">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  )
}
