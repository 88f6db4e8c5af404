import { App, Button, Drawer, Empty, Flex, List, Popconfirm, Select, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GROUP_ROLES, type GroupRole } from '../../../../../shared/domain.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useGroupMembers } from '../../identity/index.ts'
import {
  type AdminGroup,
  type GroupCandidate,
  useGroupCandidates,
  useRemoveMemberMutation,
  useSetMemberMutation,
} from './api.ts'

/** How long the picker waits after typing before it searches. */
const SEARCH_DEBOUNCE_MS = 250

/** The picker that searches accounts of every school and adds one with a role. */
function MemberPicker(props: { group: AdminGroup }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const [chosen, setChosen] = useState<GroupCandidate | null>(null)
  const [role, setRole] = useState<GroupRole>('member')
  const [problem, setProblem] = useState<string | null>(null)
  const candidates = useGroupCandidates(props.group.id, q)
  const setMember = useSetMemberMutation()
  // The chosen account stays an option when a new search no longer finds it.
  const offered = [
    ...(chosen && !candidates.data?.some((candidate) => candidate.id === chosen.id)
      ? [chosen]
      : []),
    ...(candidates.data ?? []),
  ]

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [typed])

  async function add() {
    if (!chosen) {
      setProblem(t('admin.groups.pickRequired'))
      return
    }
    try {
      await setMember.mutateAsync({ groupId: props.group.id, userId: chosen.id, role })
      message.success(t('admin.groups.added', { name: chosen.displayName }))
      setChosen(null)
      setProblem(null)
    } catch (error) {
      setProblem(apiErrorMessage(t, error))
    }
  }

  return (
    <div className="admin-member-picker">
      <Typography.Text strong>{t('admin.groups.addMember')}</Typography.Text>
      <Flex wrap gap={8} className="admin-member-picker-row">
        <Select
          showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
          value={chosen?.id}
          onChange={(value: string) => {
            setChosen(offered.find((candidate) => candidate.id === value) ?? null)
            setTyped('')
            setProblem(null)
          }}
          placeholder={t('admin.groups.pickPlaceholder')}
          loading={candidates.isFetching}
          options={offered.map((candidate) => ({
            value: candidate.id,
            disabled: candidate.memberRole !== null,
            label: `${candidate.displayName}（${candidate.schoolName}）${candidate.username}${
              candidate.memberRole === null ? '' : ` · ${t('admin.groups.alreadyMember')}`
            }`,
          }))}
          className="admin-member-picker-select"
          popupMatchSelectWidth={false}
          data-testid="member-picker"
        />
        <Select<GroupRole>
          value={role}
          onChange={setRole}
          options={GROUP_ROLES.map((value) => ({
            value,
            label: t(`admin.groups.role.${value}`),
          }))}
          style={{ width: 100 }}
          data-testid="member-picker-role"
        />
        <Button
          type="primary"
          onClick={() => void add()}
          loading={setMember.isPending}
          data-testid="member-add"
        >
          {t('admin.groups.add')}
        </Button>
      </Flex>
      {problem && (
        <Typography.Text type="danger" data-testid="member-picker-error">
          {problem}
        </Typography.Text>
      )}
    </div>
  )
}

/** A group's members with their roles and schools; managers change roles, add and remove. */
export function GroupMembersDrawer(props: {
  group: AdminGroup | null
  manageable: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { group } = props
  const members = useGroupMembers(group?.id)
  const setMember = useSetMemberMutation()
  const remove = useRemoveMemberMutation()
  const editable = props.manageable && group !== null && group.archivedAt === null

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action()
      message.success(done)
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }

  return (
    <Drawer
      open={group !== null}
      onClose={props.onClose}
      title={group ? t('admin.groups.membersTitle', { name: group.name }) : ''}
      size="min(560px, 100vw)"
      destroyOnHidden
      data-testid="group-members-drawer"
    >
      {group && !editable && (
        <Typography.Paragraph type="secondary" data-testid="group-members-read-only">
          {group.archivedAt === null
            ? t('admin.groups.readOnly')
            : t('admin.groups.archivedReadOnly')}
        </Typography.Paragraph>
      )}
      {group && editable && <MemberPicker group={group} />}
      <List
        loading={members.isPending}
        dataSource={members.data ?? []}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.groups.noMembers')} />
          ),
        }}
        renderItem={(member) => (
          <List.Item
            key={member.userId}
            data-testid={`member-${member.displayName}`}
            actions={
              editable && group
                ? [
                    <Select<GroupRole>
                      key="role"
                      size="small"
                      value={member.role}
                      onChange={(role) =>
                        void act(
                          () =>
                            setMember.mutateAsync({
                              groupId: group.id,
                              userId: member.userId,
                              role,
                            }),
                          t('admin.groups.saved'),
                        )
                      }
                      options={GROUP_ROLES.map((value) => ({
                        value,
                        label: t(`admin.groups.role.${value}`),
                      }))}
                      style={{ width: 90 }}
                      data-testid={`member-role-${member.displayName}`}
                    />,
                    <Popconfirm
                      key="remove"
                      title={t('admin.groups.removeConfirm', { name: member.displayName })}
                      okText={t('admin.groups.ok')}
                      cancelText={t('admin.groups.cancel')}
                      onConfirm={() =>
                        act(
                          () => remove.mutateAsync({ groupId: group.id, userId: member.userId }),
                          t('admin.groups.removed', { name: member.displayName }),
                        )
                      }
                    >
                      <Button
                        size="small"
                        type="link"
                        danger
                        data-testid={`member-remove-${member.displayName}`}
                      >
                        {t('admin.groups.remove')}
                      </Button>
                    </Popconfirm>,
                  ]
                : [
                    <Tag key="role" data-testid={`member-role-${member.displayName}`}>
                      {t(`admin.groups.role.${member.role}`)}
                    </Tag>,
                  ]
            }
          >
            <List.Item.Meta title={member.displayName} description={member.schoolName} />
          </List.Item>
        )}
      />
    </Drawer>
  )
}
