import { App, DatePicker, Form, Input, Modal, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import type { PrepTaskInfo } from '../../../../shared/domain.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useGroupMembers } from '../identity/index.ts'
import { type NewTaskInput, useCreateTaskMutation, useUpdateTaskMutation } from './api.ts'

interface TaskValues {
  unit: string
  lesson: string
  mainPreparerId: string
  participantIds?: string[]
  dueDate: Dayjs
  discussionAt?: Dayjs | null
}

/** The form's starting values: empty for a new task, the task's own when editing. */
function initialValues(task: PrepTaskInfo | undefined): Partial<TaskValues> | undefined {
  if (!task) return undefined
  return {
    unit: task.unit,
    lesson: task.lesson,
    mainPreparerId: task.mainPreparer.id,
    participantIds: task.participants.map((person) => person.id),
    dueDate: dayjs(task.dueDate),
    discussionAt: task.discussionAt === null ? null : dayjs(task.discussionAt),
  }
}

/**
 * The lead's dialog for a lesson of the term schedule (四定: topic, preparer, time): adds a new
 * task, or, given `task`, edits that one (prefilled).
 */
export function TaskDialog({
  groupId,
  task,
  open,
  onClose,
}: {
  groupId: string
  task?: PrepTaskInfo
  open: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<TaskValues>()
  const createTask = useCreateTaskMutation(groupId)
  const updateTask = useUpdateTaskMutation(groupId)
  const members = useGroupMembers(groupId)
  const { message } = App.useApp()
  const editing = task !== undefined
  const editors = (members.data ?? [])
    .filter((member) => member.role !== 'observer')
    .map((member) => ({
      value: member.userId,
      label: `${member.displayName}（${member.schoolName}）`,
    }))
  const required = (field: string) => [
    { required: true, message: t('prep.tasks.required', { field }) },
  ]
  const mainPreparerId = Form.useWatch('mainPreparerId', form)
  const participantIds = Form.useWatch('participantIds', form)

  const save = async (values: TaskValues): Promise<void> => {
    const input: NewTaskInput = {
      unit: values.unit,
      lesson: values.lesson,
      mainPreparerId: values.mainPreparerId,
      participantIds: (values.participantIds ?? []).filter((id) => id !== values.mainPreparerId),
      dueDate: values.dueDate.format('YYYY-MM-DD'),
      discussionAt: values.discussionAt ? values.discussionAt.valueOf() : null,
    }
    try {
      if (task) {
        await updateTask.mutateAsync({ taskId: task.id, changes: input })
        message.success(t('prep.tasks.saved'))
      } else {
        await createTask.mutateAsync(input)
        message.success(t('prep.tasks.created'))
      }
      form.resetFields()
      onClose()
    } catch (error) {
      message.error(t('prep.tasks.failed', { message: apiErrorMessage(t, error) }))
    }
  }

  return (
    <Modal
      open={open}
      title={editing ? t('prep.tasks.editTask') : t('prep.tasks.newTask')}
      okText={editing ? t('prep.tasks.save') : t('prep.tasks.create')}
      cancelText={t('prep.tasks.cancel')}
      confirmLoading={createTask.isPending || updateTask.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues(task)}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="unit" label={t('prep.tasks.unit')} rules={required(t('prep.tasks.unit'))}>
          <Input placeholder="第二章 整式的加减" autoFocus data-testid="task-unit" />
        </Form.Item>
        <Form.Item
          name="lesson"
          label={t('prep.tasks.lesson')}
          rules={required(t('prep.tasks.lesson'))}
        >
          <Input placeholder="合并同类项" data-testid="task-lesson" />
        </Form.Item>
        <Form.Item
          name="mainPreparerId"
          label={t('prep.tasks.mainPreparer')}
          rules={required(t('prep.tasks.mainPreparer'))}
        >
          <Select
            options={editors}
            loading={members.isPending}
            data-testid="task-preparer"
            onChange={(preparerId: string) =>
              // The main preparer is not also a participant.
              form.setFieldValue(
                'participantIds',
                (participantIds ?? []).filter((id) => id !== preparerId),
              )
            }
          />
        </Form.Item>
        <Form.Item name="participantIds" label={t('prep.tasks.participants')}>
          <Select
            mode="multiple"
            options={editors.filter((option) => option.value !== mainPreparerId)}
            data-testid="task-participants"
          />
        </Form.Item>
        <Form.Item
          name="dueDate"
          label={t('prep.tasks.dueDate')}
          rules={required(t('prep.tasks.dueDate'))}
        >
          <DatePicker data-testid="task-due" />
        </Form.Item>
        <Form.Item name="discussionAt" label={t('prep.tasks.discussionAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
