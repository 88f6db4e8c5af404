import { Button, Empty, List, Select, Space, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type {
  ObservationScope,
  ObservationSummary,
} from '../../../../shared/observations/observationApi.ts'
import { ApiError } from '../../api/ApiError.ts'
import { useUrlState } from '../../components/useUrlState.ts'
import { useGroups, useMe } from '../identity/index.ts'
import { useObservationList } from './api.ts'
import { formatDateTime } from './format.ts'
import { personLabel, ScheduleDialog } from './ScheduleDialog.tsx'
import './observations.css'

/** Where a list entry leads: the sheet for an observer of an open lesson, else the report. */
function targetOf(scope: ObservationScope, item: ObservationSummary): string {
  return scope === 'observing' && item.status === 'scheduled'
    ? `/observations/${item.id}/sheet`
    : `/observations/${item.id}/report`
}

/** One list of observations with its empty state. */
function ObservationList({
  scope,
  groupId,
  empty,
  emptyHint,
}: {
  scope: ObservationScope
  groupId?: string
  empty: string
  emptyHint?: string
}) {
  const { t, i18n } = useTranslation()
  const list = useObservationList(scope, groupId)
  if (list.error instanceof ApiError && list.error.status === 403) {
    return <Empty description={t('observations.list.groupForbidden')} />
  }
  return (
    <List<ObservationSummary>
      loading={list.isPending && (scope !== 'group' || Boolean(groupId))}
      dataSource={list.data ?? []}
      data-testid={`observations-${scope}`}
      locale={{
        emptyText: (
          <Empty
            description={
              <>
                <div>{empty}</div>
                {emptyHint && <Typography.Text type="secondary">{emptyHint}</Typography.Text>}
              </>
            }
          />
        ),
      }}
      renderItem={(item) => (
        <List.Item
          className="observation-row"
          data-testid="observation-row"
          actions={[
            <Link key="open" to={targetOf(scope, item)} data-testid="observation-open">
              {scope === 'observing' && item.status === 'scheduled'
                ? t('observations.list.openSheet')
                : t('observations.list.openReport')}
            </Link>,
          ]}
        >
          <List.Item.Meta
            title={
              <Space wrap size={[8, 0]}>
                <Link to={targetOf(scope, item)}>{item.documentTitle}</Link>
                <Tag color={item.status === 'closed' ? 'default' : 'blue'}>
                  {t(`observations.list.status.${item.status}`)}
                </Tag>
                {scope === 'observing' &&
                  (item.mySubmittedAt === null ? (
                    <Tag color="orange">{t('observations.list.myTodo')}</Tag>
                  ) : (
                    <Tag color="green">{t('observations.list.mySubmitted')}</Tag>
                  ))}
              </Space>
            }
            description={
              <Space wrap size={[16, 0]}>
                <span>{personLabel(item.teacher)}</span>
                <span>{formatDateTime(item.startsAt, i18n.language)}</span>
                <span>
                  {item.className} · {item.room}
                </span>
                <span>{item.rubricName}</span>
                <span>
                  {t('observations.list.progress', {
                    submitted: item.submittedCount,
                    total: item.observerCount,
                  })}
                </span>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  )
}

/** `/observations`: 听评课 — mine to observe, observations of my lessons, and the group's. */
export function ObservationsPage() {
  const { t } = useTranslation()
  const me = useMe()
  const groups = useGroups()
  const url = useUrlState()
  const tab = url.get('tab') ?? 'observing'
  const [groupChoice, setGroupChoice] = useState<string | undefined>(undefined)
  const [scheduling, setScheduling] = useState(false)
  const groupId = groupChoice ?? groups.data?.[0]?.id
  const isAdmin = me.data?.role === 'school_admin' || me.data?.role === 'alliance_admin'
  const showGroup = isAdmin || (groups.data ?? []).length > 0

  const tabs = [
    {
      key: 'observing',
      label: t('observations.list.observing'),
      children: (
        <ObservationList
          scope="observing"
          empty={t('observations.list.emptyObserving')}
          emptyHint={t('observations.list.emptyObservingHint')}
        />
      ),
    },
    {
      key: 'observed',
      label: t('observations.list.observed'),
      children: (
        <ObservationList
          scope="observed"
          empty={t('observations.list.emptyObserved')}
          emptyHint={t('observations.list.emptyObservedHint')}
        />
      ),
    },
    ...(showGroup
      ? [
          {
            key: 'group',
            label: t('observations.list.group'),
            children: groupId ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select
                  aria-label={t('observations.list.group_label')}
                  value={groupId}
                  style={{ minWidth: 220 }}
                  options={(groups.data ?? []).map((group) => ({
                    value: group.id,
                    label: group.name,
                  }))}
                  onChange={setGroupChoice}
                />
                <ObservationList
                  scope="group"
                  groupId={groupId}
                  empty={t('observations.list.emptyGroup')}
                />
              </Space>
            ) : (
              <Empty description={t('observations.list.noGroup')} />
            ),
          },
        ]
      : []),
  ]

  return (
    <div className="observations-page" data-testid="observations-page">
      <div className="observations-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('observations.list.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setScheduling(true)} data-testid="schedule-open">
          {t('observations.list.schedule')}
        </Button>
      </div>
      <Tabs activeKey={tab} onChange={(key) => url.set({ tab: key })} items={tabs} />
      <ScheduleDialog
        open={scheduling}
        onClose={() => setScheduling(false)}
        onScheduled={(created) => url.set({ tab: created.roles.teacher ? 'observed' : 'group' })}
      />
    </div>
  )
}
