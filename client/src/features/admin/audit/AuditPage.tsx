import { DownloadOutlined } from '@ant-design/icons'
import {
  Button,
  DatePicker,
  Empty,
  Flex,
  Input,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GROUP_ROLES } from '../../../../../shared/domain.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useUsers } from '../../identity/index.ts'
import { type AuditFilters, auditExportUrl, useAuditActions, useAuditEntries } from './api.ts'
import { adminAuditZhCN } from './messages.ts'

/** An entry of the log as the API lists it. */
type AuditItem = NonNullable<
  ReturnType<typeof useAuditEntries>['data']
>['pages'][number]['items'][number]

/** The target types the filter offers (those the server records). */
const TARGET_TYPES = Object.keys(adminAuditZhCN.targetTypes)

/**
 * The details of an entry as one line of `key: value` pairs; an account id shows as the
 * account's name (`names`), a group role in words (`roleLabel`).
 */
function detailsText(
  details: Record<string, unknown> | null,
  names: ReadonlyMap<string, string>,
  roleLabel: (role: string) => string | null,
): string {
  if (!details) return ''
  return Object.entries(details)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      if (key === 'userId' && typeof value === 'string') return names.get(value) ?? text
      if (key === 'role' && typeof value === 'string') return roleLabel(value) ?? text
      return `${key}: ${text}`
    })
    .join(' · ')
}

/**
 * The admin console's audit page: the log (all of it for the alliance admin, one school's for a
 * school admin), filtered by who, what, when and target, a page at a time, exported as CSV.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation()
  const users = useUsers()
  const actions = useAuditActions()
  const [filters, setFilters] = useState<AuditFilters>({})
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const [search, setSearch] = useState('')
  const entries = useAuditEntries(filters)
  const items = entries.data?.pages.flatMap((page) => page.items) ?? []
  const dateTime = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  })
  const actionLabel = (action: string) =>
    t(`admin.audit.actions.${action}`, { defaultValue: action })
  const names = new Map((users.data ?? []).map((user) => [user.id, user.displayName]))
  const roleLabel = (role: string) =>
    GROUP_ROLES.some((value) => value === role) ? t(`admin.groups.role.${role}`) : null
  const typeLabel = (type: string) => t(`admin.audit.targetTypes.${type}`, { defaultValue: type })

  function change(changes: Partial<AuditFilters>) {
    setFilters((current) => ({ ...current, ...changes }))
  }

  const columns: TableColumnsType<AuditItem> = [
    {
      title: t('admin.audit.columns.at'),
      key: 'at',
      width: 170,
      render: (_value, item) => (
        <Flex vertical>
          <Typography.Text>{dateTime.format(item.at)}</Typography.Text>
          {item.ip && <Typography.Text type="secondary">{item.ip}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('admin.audit.columns.actor'),
      key: 'actor',
      width: 150,
      render: (_value, item) => (
        <Flex vertical>
          <Typography.Text>{item.actorName ?? t('admin.audit.system')}</Typography.Text>
          {item.actorSchoolName && (
            <Typography.Text type="secondary">{item.actorSchoolName}</Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('admin.audit.columns.action'),
      dataIndex: 'action',
      width: 140,
      render: (action: string) => <span data-testid="audit-action">{actionLabel(action)}</span>,
    },
    {
      title: t('admin.audit.columns.target'),
      key: 'target',
      width: 210,
      render: (_value, item) =>
        item.targetType ? (
          <Flex gap={4} wrap align="center">
            <Tag>{typeLabel(item.targetType)}</Tag>
            <span data-testid="audit-target">{item.targetLabel ?? item.targetId ?? ''}</span>
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: t('admin.audit.columns.details'),
      key: 'details',
      ellipsis: true,
      render: (_value, item) => detailsText(item.details, names, roleLabel) || '—',
    },
  ]

  const filtered = Object.values(filters).some(
    (value) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
  )

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3}>{t('admin.audit.title')}</Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          href={auditExportUrl(filters)}
          download
          title={t('admin.audit.exportHint')}
          data-testid="audit-export"
        >
          {t('admin.audit.export')}
        </Button>
      </Flex>
      <Flex wrap gap={8} className="admin-toolbar">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={filters.actorId}
          onChange={(value: string | undefined) => change({ actorId: value })}
          placeholder={t('admin.audit.filters.actor')}
          options={(users.data ?? []).map((user) => ({
            value: user.id,
            label: `${user.displayName}（${user.username}）`,
          }))}
          className="admin-filter-select"
          data-testid="audit-filter-actor"
        />
        <Select
          allowClear
          mode="multiple"
          maxTagCount="responsive"
          value={filters.action ?? []}
          onChange={(value: string[]) => change({ action: value })}
          placeholder={t('admin.audit.filters.action')}
          options={(actions.data ?? []).map((action) => ({
            value: action,
            label: actionLabel(action),
          }))}
          className="admin-filter-select"
          data-testid="audit-filter-action"
        />
        <Select
          allowClear
          value={filters.targetType}
          onChange={(value: string | undefined) => change({ targetType: value })}
          placeholder={t('admin.audit.filters.targetType')}
          options={TARGET_TYPES.map((type) => ({ value: type, label: typeLabel(type) }))}
          className="admin-filter-input"
          data-testid="audit-filter-target-type"
        />
        <div className="admin-filter-range" data-testid="audit-filter-when">
          <DatePicker.RangePicker
            value={range}
            onChange={(value) => {
              setRange(value)
              const [start, end] = value ?? [null, null]
              change({
                from: start ? String(start.startOf('day').valueOf()) : undefined,
                to: end ? String(end.endOf('day').valueOf()) : undefined,
              })
            }}
            placeholder={[t('admin.audit.filters.from'), t('admin.audit.filters.to')]}
            className="admin-filter-range-picker"
          />
        </div>
        <Input.Search
          allowClear
          value={search}
          onChange={(event) => {
            setSearch(event.target.value)
            if (event.target.value === '') change({ q: undefined })
          }}
          onSearch={(value) => change({ q: value.trim() || undefined })}
          placeholder={t('admin.audit.filters.q')}
          className="admin-filter-search"
          data-testid="audit-filter-q"
        />
        {filtered && (
          <Button
            onClick={() => {
              setFilters({})
              setRange(null)
              setSearch('')
            }}
            data-testid="audit-filter-reset"
          >
            {t('admin.audit.filters.reset')}
          </Button>
        )}
      </Flex>
      {entries.isError && (
        <Typography.Paragraph type="danger">
          {apiErrorMessage(t, entries.error)}
        </Typography.Paragraph>
      )}
      <Table<AuditItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={entries.isFetching && !entries.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.audit.empty')} />
          ),
        }}
        data-testid="audit-table"
      />
      <Flex justify="space-between" align="center" className="admin-table-footer">
        <Typography.Text type="secondary" data-testid="audit-shown">
          {t('admin.audit.shown', { count: items.length })}
        </Typography.Text>
        {entries.hasNextPage && (
          <Button
            onClick={() => void entries.fetchNextPage()}
            loading={entries.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('admin.audit.loadMore')}
          </Button>
        )}
      </Flex>
    </>
  )
}
