import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Empty, List, Select, Space, Tabs, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import {
  DOCUMENT_STATUSES,
  type DocumentInfo,
  type DocumentStatus,
} from '../../../../shared/domain.ts'
import { UrlSearchInput } from '../../components/UrlSearchInput.tsx'
import { useUrlState } from '../../components/useUrlState.ts'
import { ImportPlanDialog } from '../export/index.ts'
import { useGroups, useMe } from '../identity/index.ts'
import { type PlanFilters, usePlans } from './api.ts'
import { NewPlanDialog } from './NewPlanDialog.tsx'

const TABS = ['mine', 'groups', 'recent'] as const
type TabKey = (typeof TABS)[number]
const FILTER_KEYS = ['q', 'subject', 'grade', 'unit', 'status'] as const

function isTab(value: string | undefined): value is TabKey {
  return TABS.some((tab) => tab === value)
}

function isStatus(value: string | undefined): value is DocumentStatus {
  return DOCUMENT_STATUSES.some((status) => status === value)
}

function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'))
}

/** The home page: my plans, my groups' plans and recently edited, with filters and search. */
export function HomePage() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const groups = useGroups()
  // Tab, filters and search live in the URL, so Back from a plan brings them back.
  const url = useUrlState()
  const tabParam = url.get('tab')
  const tab: TabKey = isTab(tabParam) ? tabParam : 'mine'
  const statusParam = url.get('status')
  const filters: PlanFilters = {
    q: url.get('q'),
    subject: url.get('subject'),
    grade: url.get('grade'),
    unit: url.get('unit'),
    status: isStatus(statusParam) ? statusParam : undefined,
  }
  const [creating, setCreating] = useState(false)
  const [importing, setImporting] = useState(false)
  const plans = usePlans(filters)
  const all = usePlans({})
  const groupIds = useMemo(
    () => new Set((groups.data ?? []).map((group) => group.id)),
    [groups.data],
  )

  const visible = (plans.data ?? []).filter((plan) => {
    if (tab === 'mine') return plan.ownerId === me.data?.id
    if (tab === 'groups') return plan.groupId !== null && groupIds.has(plan.groupId)
    return true
  })
  const options = (pick: (plan: DocumentInfo) => string) =>
    distinct((all.data ?? []).map(pick)).map((value) => ({ label: value, value }))
  const dateFormat = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
  })
  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string | undefined): void =>
    url.set({ [key]: value?.trim() || undefined })
  const searching = FILTER_KEYS.some((key) => filters[key] !== undefined)
  const emptyText = filters.q
    ? t('home.noResults', { query: filters.q })
    : searching
      ? t('home.noFilterResults')
      : `${t('home.empty')} — ${t('home.emptyHint')}`

  return (
    <div className="home">
      <div className="home-toolbar">
        <Typography.Title level={3}>{t('home.title')}</Typography.Title>
        <Space>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-plan"
          >
            {t('home.newPlan')}
          </Button>
          <Button onClick={() => setImporting(true)} data-testid="import-plan">
            {t('planImport.button')}
          </Button>
        </Space>
      </div>
      <Card>
        <Space wrap className="home-filters">
          <UrlSearchInput
            value={filters.q}
            onSearch={(value) => setFilter('q', value)}
            placeholder={t('home.search')}
            width={220}
            testId="plan-search"
          />
          {(['subject', 'grade', 'unit'] as const).map((key) => (
            <Select
              key={key}
              allowClear
              placeholder={t(`home.filters.${key}`)}
              options={options((plan) => plan[key])}
              value={filters[key]}
              onChange={(value: string | undefined) => setFilter(key, value)}
              style={{ width: 160 }}
            />
          ))}
          <Select
            allowClear
            placeholder={t('home.filters.status')}
            options={DOCUMENT_STATUSES.map((status) => ({
              value: status,
              label: t(`status.${status}`),
            }))}
            value={filters.status}
            onChange={(value: string | undefined) => setFilter('status', value)}
            style={{ width: 120 }}
          />
        </Space>
        <Tabs
          activeKey={tab}
          onChange={(key) => url.set({ tab: isTab(key) && key !== 'mine' ? key : undefined })}
          items={[
            { key: 'mine', label: t('home.mine') },
            { key: 'groups', label: t('home.groups') },
            { key: 'recent', label: t('home.recent') },
          ]}
        />
        <List
          loading={plans.isPending}
          dataSource={visible}
          locale={{
            emptyText: <Empty description={emptyText} />,
          }}
          renderItem={(plan) => (
            <List.Item
              key={plan.id}
              extra={<Tag>{t(`permission.${plan.permission}`)}</Tag>}
              data-testid="plan-item"
            >
              <List.Item.Meta
                title={
                  <Link to={`/plans/${plan.id}`} lang="zh-CN">
                    {plan.title}
                  </Link>
                }
                description={
                  <Space size="small" wrap>
                    <Tag color="blue">{t(`status.${plan.status}`)}</Tag>
                    <span>
                      {[plan.subject, plan.grade, plan.textbookEdition, plan.unit]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                    <Typography.Text type="secondary">
                      {t('home.updated', { time: dateFormat.format(plan.updatedAt) })}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <NewPlanDialog
        open={creating}
        onClose={() => setCreating(false)}
        groups={groups.data ?? []}
      />
      <ImportPlanDialog
        open={importing}
        onClose={() => setImporting(false)}
        groups={groups.data ?? []}
      />
    </div>
  )
}
