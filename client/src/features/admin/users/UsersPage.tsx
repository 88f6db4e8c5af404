import { Button, Empty, Flex, Input, Select, Table, type TableColumnsType, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import {
  ADMIN_USER_STATUSES,
  type AdminUser,
  type AdminUserStatus,
  USER_ROLES,
  type UserRole,
} from '../../../../../shared/domain.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useMe, useSchools } from '../../identity/index.ts'
import { type AdminUserFilters, type SignInLink, useAdminUsers } from './api.ts'
import { SignInLinkModal } from './SignInLinkModal.tsx'
import { UserActions } from './UserActions.tsx'
import { UserFormModal } from './UserFormModal.tsx'
import { UserStatusTag } from './UserStatusTag.tsx'

const PAGE_SIZE = 20
const SEARCH_DEBOUNCE_MS = 300

/** Narrows a URL value to one of `values`, else undefined. */
function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value)
}

/** The admin console's accounts page: search, filters, a paged table, and the account actions. */
export function UsersPage() {
  const { t } = useTranslation()
  const me = useMe()
  const schools = useSchools()
  const [params, setParams] = useSearchParams()
  const isAllianceAdmin = me.data?.role === 'alliance_admin'

  const filters: AdminUserFilters = {
    q: params.get('q') ?? '',
    schoolId: params.get('school') ?? undefined,
    role: oneOf<UserRole>(USER_ROLES, params.get('role')),
    status: oneOf<AdminUserStatus>(ADMIN_USER_STATUSES, params.get('status')),
    page: Math.max(1, Number(params.get('page') ?? '1') || 1),
    pageSize: PAGE_SIZE,
  }
  const users = useAdminUsers(filters)

  /** Sets (or clears) URL parameters; any filter change goes back to page 1. */
  function setParam(changes: Record<string, string | undefined>) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value)
          else next.delete(key)
        }
        if (!('page' in changes)) next.delete('page')
        return next
      },
      { replace: true },
    )
  }

  // The search box updates the URL (and so the query) a moment after typing stops.
  const [search, setSearch] = useState(filters.q)
  useEffect(() => {
    const trimmed = search.trim()
    if (trimmed === filters.q) return
    const timer = setTimeout(() => setParam({ q: trimmed || undefined }), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  })

  const [editing, setEditing] = useState<AdminUser | null>(null)
  const [formOpen, setFormOpen] = useState(false)
  const [link, setLink] = useState<{ link: SignInLink; name: string } | null>(null)

  const schoolChoices = useMemo(
    () => (schools.data ?? []).filter((school) => school.archivedAt === null),
    [schools.data],
  )
  const formSchools = useMemo(() => {
    // An account of an archived school keeps showing its school's name.
    const current = editing && schools.data?.find((school) => school.id === editing.schoolId)
    return current && current.archivedAt !== null ? [...schoolChoices, current] : schoolChoices
  }, [editing, schools.data, schoolChoices])

  const columns: TableColumnsType<AdminUser> = [
    {
      title: t('admin.users.columns.name'),
      dataIndex: 'displayName',
      width: 100,
      ellipsis: true,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    { title: t('admin.users.columns.username'), dataIndex: 'username', width: 150, ellipsis: true },
    { title: t('admin.users.columns.school'), dataIndex: 'schoolName', ellipsis: true },
    {
      title: t('admin.users.columns.role'),
      dataIndex: 'role',
      width: 100,
      render: (role: UserRole) => t(`admin.users.roles.${role}`),
    },
    {
      title: t('admin.users.columns.subjectGrade'),
      key: 'subjectGrade',
      ellipsis: true,
      render: (_value, user) => [user.subject, user.grade].filter(Boolean).join(' / ') || '—',
    },
    {
      title: t('admin.users.columns.phone'),
      dataIndex: 'phone',
      width: 120,
      render: (phone: string | null) => phone ?? '—',
    },
    {
      title: t('admin.users.columns.status'),
      key: 'status',
      width: 80,
      render: (_value, user) => <UserStatusTag user={user} />,
    },
    {
      title: t('admin.users.columns.actions'),
      key: 'actions',
      width: 120,
      render: (_value, user) => (
        <UserActions
          user={user}
          isSelf={user.id === me.data?.id}
          onEdit={() => {
            setEditing(user)
            setFormOpen(true)
          }}
          onLink={(issued) => setLink({ link: issued, name: user.displayName })}
        />
      ),
    },
  ]

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3}>{t('admin.users.title')}</Typography.Title>
        <Button
          type="primary"
          data-testid="user-create"
          onClick={() => {
            setEditing(null)
            setFormOpen(true)
          }}
        >
          {t('admin.users.create')}
        </Button>
      </Flex>
      <Flex wrap gap={8} className="admin-toolbar">
        <Input.Search
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => {
            setSearch(value)
            setParam({ q: value.trim() || undefined })
          }}
          placeholder={t('admin.users.searchPlaceholder')}
          style={{ width: 300 }}
          data-testid="user-search"
        />
        {isAllianceAdmin && (
          <Select
            allowClear
            value={filters.schoolId}
            onChange={(value: string | undefined) => setParam({ school: value })}
            placeholder={t('admin.users.allSchools')}
            options={(schools.data ?? []).map((school) => ({
              value: school.id,
              label: school.name,
            }))}
            style={{ width: 200 }}
            data-testid="user-filter-school"
          />
        )}
        <Select
          allowClear
          value={filters.role}
          onChange={(value: UserRole | undefined) => setParam({ role: value })}
          placeholder={t('admin.users.allRoles')}
          options={USER_ROLES.map((role) => ({
            value: role,
            label: t(`admin.users.roles.${role}`),
          }))}
          style={{ width: 160 }}
          data-testid="user-filter-role"
        />
        <Select
          allowClear
          value={filters.status}
          onChange={(value: AdminUserStatus | undefined) => setParam({ status: value })}
          placeholder={t('admin.users.allStatuses')}
          options={ADMIN_USER_STATUSES.map((status) => ({
            value: status,
            label: t(`admin.users.status.${status}`),
          }))}
          style={{ width: 140 }}
          data-testid="user-filter-status"
        />
      </Flex>
      {users.isError && (
        <Typography.Paragraph type="danger">{apiErrorMessage(t, users.error)}</Typography.Paragraph>
      )}
      <Table<AdminUser>
        rowKey="id"
        scroll={{ x: 900 }}
        size="middle"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.users.empty')} />
          ),
        }}
        pagination={{
          current: filters.page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('admin.users.total', { count: total }),
          onChange: (page) => setParam({ page: page > 1 ? String(page) : undefined }),
        }}
        data-testid="user-table"
      />
      <UserFormModal
        open={formOpen}
        user={editing}
        schools={formSchools}
        defaultSchoolId={
          filters.schoolId && schoolChoices.some((school) => school.id === filters.schoolId)
            ? filters.schoolId
            : (me.data?.schoolId ?? '')
        }
        isAllianceAdmin={isAllianceAdmin}
        onClose={() => setFormOpen(false)}
        onCreated={(issued, name) => {
          if (issued) setLink({ link: issued, name })
        }}
      />
      <SignInLinkModal
        link={link?.link ?? null}
        name={link?.name ?? ''}
        onClose={() => setLink(null)}
      />
    </>
  )
}
