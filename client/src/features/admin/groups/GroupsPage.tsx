import {
  App,
  Button,
  Empty,
  Flex,
  Input,
  Segmented,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useMe } from '../../identity/index.ts'
import {
  type AdminGroup,
  type ArchivedFilter,
  useAdminGroups,
  useUpdateGroupMutation,
} from './api.ts'
import { GroupFormModal } from './GroupFormModal.tsx'
import { GroupMembersDrawer } from './GroupMembersDrawer.tsx'

/** The archive filters of the list, in display order. */
const ARCHIVED_FILTERS: ArchivedFilter[] = ['exclude', 'include', 'only']
/** The label key of each archive filter. */
const FILTER_LABELS = { exclude: 'showActive', include: 'showAll', only: 'showArchived' } as const

/** Whether a group's name, subject or grade contains `text` (case-insensitive). */
function matches(group: AdminGroup, text: string): boolean {
  const needle = text.trim().toLowerCase()
  if (needle === '') return true
  return [group.name, group.subject, group.grade].some((field) =>
    field.toLowerCase().includes(needle),
  )
}

/**
 * The admin console's groups page: the groups across schools, filtered by state, term and text;
 * the alliance admin creates, edits and archives them, and manages members in a drawer.
 */
export function GroupsPage() {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const me = useMe()
  const isAllianceAdmin = me.data?.role === 'alliance_admin'
  const [archived, setArchived] = useState<ArchivedFilter>('exclude')
  const [term, setTerm] = useState('')
  const [search, setSearch] = useState('')
  const groups = useAdminGroups(archived, term.trim())
  const update = useUpdateGroupMutation()
  const [editing, setEditing] = useState<{ group: AdminGroup | null } | null>(null)
  const [membersOf, setMembersOf] = useState<string | null>(null)
  const items = (groups.data ?? []).filter((group) => matches(group, search))
  const shownMembersOf = (groups.data ?? []).find((group) => group.id === membersOf) ?? null

  function toggleArchived(group: AdminGroup) {
    const archiving = group.archivedAt === null
    modal.confirm({
      title: t(archiving ? 'admin.groups.archiveConfirm' : 'admin.groups.restoreConfirm', {
        name: group.name,
      }),
      okText: t('admin.groups.ok'),
      cancelText: t('admin.groups.cancel'),
      okButtonProps: { danger: archiving },
      onOk: async () => {
        try {
          await update.mutateAsync({ id: group.id, changes: { archived: archiving } })
          message.success(t(archiving ? 'admin.groups.archivedDone' : 'admin.groups.restoredDone'))
        } catch (error) {
          message.error(apiErrorMessage(t, error))
        }
      },
    })
  }

  const columns: TableColumnsType<AdminGroup> = [
    {
      title: t('admin.groups.name'),
      dataIndex: 'name',
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    {
      title: `${t('admin.groups.subject')} / ${t('admin.groups.grade')}`,
      key: 'subjectGrade',
      width: 110,
      render: (_value, group) => `${group.subject} / ${group.grade}`,
    },
    {
      title: t('admin.groups.term'),
      dataIndex: 'term',
      width: 110,
      render: (value: string) =>
        value === '' ? (
          <Typography.Text type="secondary">{t('admin.groups.noTerm')}</Typography.Text>
        ) : (
          value
        ),
    },
    { title: t('admin.groups.memberCount'), dataIndex: 'memberCount', width: 70, align: 'right' },
    {
      title: t('admin.groups.schools'),
      key: 'schools',
      width: 190,
      render: (_value, group) => (
        <Flex wrap gap={4}>
          {group.schools.map((school) => (
            <Tag key={school.id}>{school.name}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('admin.groups.status'),
      key: 'status',
      width: 80,
      render: (_value, group) =>
        group.archivedAt === null ? (
          <Tag color="green">{t('admin.groups.active')}</Tag>
        ) : (
          <Tag data-testid={`group-archived-${group.name}`}>{t('admin.groups.archived')}</Tag>
        ),
    },
    {
      title: t('admin.groups.actions'),
      key: 'actions',
      width: 200,
      render: (_value, group) => (
        <Flex gap={4} wrap>
          <Button
            size="small"
            type="link"
            onClick={() => setMembersOf(group.id)}
            data-testid={`group-members-${group.name}`}
          >
            {t('admin.groups.members')}
          </Button>
          {isAllianceAdmin && group.archivedAt === null && (
            <Button
              size="small"
              type="link"
              onClick={() => setEditing({ group })}
              data-testid={`group-edit-${group.name}`}
            >
              {t('admin.groups.edit')}
            </Button>
          )}
          {isAllianceAdmin && (
            <Button
              size="small"
              type="link"
              danger={group.archivedAt === null}
              onClick={() => toggleArchived(group)}
              data-testid={`group-${group.archivedAt === null ? 'archive' : 'restore'}-${group.name}`}
            >
              {t(group.archivedAt === null ? 'admin.groups.archive' : 'admin.groups.restore')}
            </Button>
          )}
        </Flex>
      ),
    },
  ]

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3}>{t('admin.groups.title')}</Typography.Title>
        {isAllianceAdmin && (
          <Button
            type="primary"
            onClick={() => setEditing({ group: null })}
            data-testid="group-create"
          >
            {t('admin.groups.create')}
          </Button>
        )}
      </Flex>
      {!isAllianceAdmin && (
        <Typography.Paragraph type="secondary">{t('admin.groups.readOnly')}</Typography.Paragraph>
      )}
      <Flex wrap gap={8} className="admin-toolbar">
        <Segmented<ArchivedFilter>
          value={archived}
          onChange={setArchived}
          options={ARCHIVED_FILTERS.map((value) => ({
            value,
            label: t(`admin.groups.${FILTER_LABELS[value]}`),
          }))}
          data-testid="group-filter-archived"
        />
        <Input
          allowClear
          value={term}
          onChange={(event) => setTerm(event.target.value)}
          placeholder={t('admin.groups.filterTerm')}
          className="admin-filter-input"
          data-testid="group-filter-term"
        />
        <Input.Search
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t('admin.groups.searchPlaceholder')}
          className="admin-filter-search"
          data-testid="group-search"
        />
      </Flex>
      {groups.isError && (
        <Typography.Paragraph type="danger">
          {apiErrorMessage(t, groups.error)}
        </Typography.Paragraph>
      )}
      <Table<AdminGroup>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={groups.isFetching}
        pagination={false}
        scroll={{ x: 900 }}
        rowClassName={(group) => (group.archivedAt === null ? '' : 'admin-row-archived')}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.groups.empty')} />
          ),
        }}
        data-testid="group-table"
      />
      <GroupFormModal
        open={editing !== null}
        group={editing?.group ?? null}
        onClose={() => setEditing(null)}
      />
      <GroupMembersDrawer
        group={shownMembersOf}
        manageable={isAllianceAdmin}
        onClose={() => setMembersOf(null)}
      />
    </>
  )
}
