import { App, Button, Empty, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useParams } from 'react-router'
import type { PrepTaskInfo, TaskStage } from '../../../../shared/domain.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { BinderButton } from '../export/index.ts'
import { useGroupMembers, useGroups, useMe } from '../identity/index.ts'
import {
  useDiscussTaskMutation,
  useGroupTasks,
  useRemoveTaskMutation,
  useStartDraftingMutation,
} from './api.ts'
import './prep.css'
import { TaskDialog } from './TaskDialog.tsx'

/** Tag colour of each stage of a task. */
const STAGE_COLORS: Record<TaskStage, string> = {
  not_started: 'default',
  draft: 'orange',
  discussion: 'blue',
  final: 'green',
  archived: 'default',
}

/** `/tasks` and `/groups/:groupId/tasks`: a group's term schedule of preparation tasks. */
export function TasksPage() {
  const { t, i18n } = useTranslation()
  const { groupId } = useParams()
  const groups = useGroups()
  const me = useMe()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const startDraftingMutation = useStartDraftingMutation(groupId)
  const discussMutation = useDiscussTaskMutation(groupId)
  const removeMutation = useRemoveTaskMutation(groupId)
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<PrepTaskInfo | undefined>(undefined)
  const tasks = useGroupTasks(groupId)
  const members = useGroupMembers(groupId)
  const myRole = members.data?.find((member) => member.userId === me.data?.id)?.role
  const isLead = myRole === 'lead'

  if (!groupId) {
    const first = groups.data?.[0]
    if (first) return <Navigate to={`/groups/${first.id}/tasks`} replace />
    if (groups.isPending) return null
    return <Empty className="page-empty" description={t('prep.tasks.noGroup')} />
  }

  const act = async (action: () => Promise<unknown>): Promise<void> => {
    try {
      await action()
    } catch (error) {
      message.error(t('prep.tasks.failed', { message: apiErrorMessage(t, error) }))
    }
  }
  const startDrafting = (task: PrepTaskInfo) =>
    act(async () => navigate(`/plans/${await startDraftingMutation.mutateAsync(task.id)}`))
  const discuss = (task: PrepTaskInfo, documentId: string) =>
    act(async () =>
      navigate(`/sessions/${await discussMutation.mutateAsync({ taskId: task.id, documentId })}`),
    )
  const remove = (task: PrepTaskInfo) => act(() => removeMutation.mutateAsync(task.id))

  const dateTime = (at: number | null): string =>
    at === null
      ? '—'
      : new Date(at).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })

  return (
    <div className="tasks-page" data-testid="tasks-page">
      <div className="tasks-head">
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('prep.tasks.title')}
          </Typography.Title>
          <Select
            aria-label={t('prep.tasks.group')}
            value={groupId}
            style={{ minWidth: 220 }}
            options={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
            onChange={(value) => navigate(`/groups/${value}/tasks`)}
          />
        </Space>
        <Space wrap>
          <BinderButton groupId={groupId} />
          {isLead && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-task">
              {t('prep.tasks.newTask')}
            </Button>
          )}
        </Space>
      </div>
      <Table<PrepTaskInfo>
        rowKey="id"
        loading={tasks.isPending}
        dataSource={tasks.data ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              description={
                <>
                  <div>{t('prep.tasks.empty')}</div>
                  <Typography.Text type="secondary">
                    {isLead ? t('prep.tasks.emptyLead') : t('prep.tasks.emptyMember')}
                  </Typography.Text>
                </>
              }
            />
          ),
        }}
        columns={[
          { title: t('prep.tasks.unit'), dataIndex: 'unit' },
          { title: t('prep.tasks.lesson'), dataIndex: 'lesson' },
          {
            title: t('prep.tasks.mainPreparer'),
            render: (_, task) =>
              `${task.mainPreparer.displayName}（${task.mainPreparer.schoolName}）`,
          },
          {
            title: t('prep.tasks.participants'),
            render: (_, task) =>
              task.participants.map((person) => person.displayName).join('、') || '—',
          },
          { title: t('prep.tasks.dueDate'), dataIndex: 'dueDate' },
          {
            title: t('prep.tasks.discussionAt'),
            render: (_, task) => dateTime(task.discussionAt),
          },
          {
            title: t('prep.tasks.status'),
            render: (_, task) => (
              <Tag color={STAGE_COLORS[task.stage]} data-testid="task-stage">
                {t(`prep.stages.${task.stage}`)}
              </Tag>
            ),
          },
          {
            title: t('prep.tasks.actions'),
            render: (_, task) => (
              <Space>
                {task.documentId && isLead && task.stage === 'discussion' && (
                  <Button
                    size="small"
                    onClick={() => void discuss(task, task.documentId ?? '')}
                    data-testid="task-start-session"
                  >
                    {t('prep.tasks.startSession')}
                  </Button>
                )}
                {task.documentId ? (
                  <Link to={`/plans/${task.documentId}`}>{t('prep.tasks.openPlan')}</Link>
                ) : (
                  (isLead || task.mainPreparer.id === me.data?.id) && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => void startDrafting(task)}
                      data-testid="start-drafting"
                    >
                      {t('prep.tasks.startDrafting')}
                    </Button>
                  )
                )}
                {isLead && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setEditing(task)}
                    data-testid="task-edit"
                  >
                    {t('prep.tasks.edit')}
                  </Button>
                )}
                {isLead && (
                  <Popconfirm
                    title={t('prep.tasks.removeConfirm')}
                    onConfirm={() => void remove(task)}
                  >
                    <Button size="small" danger type="text">
                      {t('prep.tasks.remove')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {isLead && (
        <TaskDialog groupId={groupId} open={creating} onClose={() => setCreating(false)} />
      )}
      {isLead && editing && (
        <TaskDialog
          key={editing.id}
          groupId={groupId}
          task={editing}
          open
          onClose={() => setEditing(undefined)}
        />
      )}
    </div>
  )
}
