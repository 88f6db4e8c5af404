import { App, DatePicker, Form, Input, Modal, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useGroupMembers } from '../identity/index.ts'
import { useCreateTaskMutation } from './api.ts'

interface NewTaskValues {
  unit: string
  lesson: string
  mainPreparerId: string
  participantIds?: string[]
  dueDate: Dayjs
  discussionAt?: Dayjs | null
}

/** The lead's dialog that adds a lesson to the term schedule (四定: topic, preparer, time). */
export function NewTaskDialog({
  groupId,
  open,
  onClose,
}: {
  groupId: string
  open: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<NewTaskValues>()
  const createTask = useCreateTaskMutation(groupId)
  const members = useGroupMembers(groupId)
  const { message } = App.useApp()
  const editors = (members.data ?? [])
    .filter((member) => member.role !== 'observer')
    .map((member) => ({
      value: member.userId,
      label: `${member.displayName}（${member.schoolName}）`,
    }))
  const required = (field: string) => [
    { required: true, message: t('prep.tasks.required', { field }) },
  ]

  const create = async (values: NewTaskValues): Promise<void> => {
    try {
      await createTask.mutateAsync({
        unit: values.unit,
        lesson: values.lesson,
        mainPreparerId: values.mainPreparerId,
        participantIds: values.participantIds ?? [],
        dueDate: values.dueDate.format('YYYY-MM-DD'),
        discussionAt: values.discussionAt ? values.discussionAt.valueOf() : null,
      })
      message.success(t('prep.tasks.created'))
      form.resetFields()
      onClose()
    } catch (error) {
      message.error(t('prep.tasks.failed', { message: apiErrorMessage(t, error) }))
    }
  }

  return (
    <Modal
      open={open}
      title={t('prep.tasks.newTask')}
      okText={t('prep.tasks.create')}
      cancelText={t('prep.tasks.cancel')}
      confirmLoading={createTask.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => void create(values)}>
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
          <Select options={editors} loading={members.isPending} data-testid="task-preparer" />
        </Form.Item>
        <Form.Item name="participantIds" label={t('prep.tasks.participants')}>
          <Select mode="multiple" options={editors} data-testid="task-participants" />
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
