import { App, Form, Input } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { AdminFormModal } from '../AdminFormModal.tsx'
import {
  type AdminGroup,
  type GroupFields,
  useCreateGroupMutation,
  useUpdateGroupMutation,
} from './api.ts'

/** The longest name, subject and grade the server accepts. */
const NAME_MAX = 100
/** The longest term the server accepts. */
const TERM_MAX = 40

/** The fields of a new group (`group` null) or of an edit, in a modal. */
export function GroupFormModal(props: {
  open: boolean
  group: AdminGroup | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<GroupFields>()
  const create = useCreateGroupMutation()
  const update = useUpdateGroupMutation()
  const { group, open } = props

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue({
      name: group?.name ?? '',
      subject: group?.subject ?? '',
      grade: group?.grade ?? '',
      term: group?.term ?? '',
    })
  }, [open, group, form])

  async function submit(values: GroupFields) {
    const fields: GroupFields = {
      name: values.name.trim(),
      subject: values.subject.trim(),
      grade: values.grade.trim(),
      term: (values.term ?? '').trim(),
    }
    try {
      if (group) {
        const changes = Object.fromEntries(
          Object.entries(fields).filter(
            ([key, value]) => group[key as keyof GroupFields] !== value,
          ),
        )
        if (Object.keys(changes).length > 0) await update.mutateAsync({ id: group.id, changes })
        message.success(t('admin.groups.saved'))
      } else {
        await create.mutateAsync(fields)
        message.success(t('admin.groups.created'))
      }
      props.onClose()
    } catch (error) {
      form.setFields([{ name: 'name', errors: [apiErrorMessage(t, error)] }])
    }
  }

  const text = (max: number, requiredMessage?: string) => [
    ...(requiredMessage ? [{ required: true, whitespace: true, message: requiredMessage }] : []),
    { max, message: t('admin.groups.tooLong', { max }) },
  ]

  return (
    <AdminFormModal
      open={open}
      title={t(group ? 'admin.groups.editTitle' : 'admin.groups.createTitle')}
      formId="admin-group-form"
      cancelLabel={t('admin.groups.cancel')}
      saveLabel={t('admin.groups.save')}
      saving={create.isPending || update.isPending}
      saveTestId="group-form-submit"
      onClose={props.onClose}
    >
      <Form id="admin-group-form" form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('admin.groups.name')}
          rules={text(NAME_MAX, t('admin.groups.nameRequired'))}
        >
          <Input data-testid="group-form-name" autoFocus />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t('admin.groups.subject')}
          rules={text(NAME_MAX, t('admin.groups.subjectRequired'))}
        >
          <Input data-testid="group-form-subject" />
        </Form.Item>
        <Form.Item
          name="grade"
          label={t('admin.groups.grade')}
          rules={text(NAME_MAX, t('admin.groups.gradeRequired'))}
        >
          <Input data-testid="group-form-grade" />
        </Form.Item>
        <Form.Item name="term" label={t('admin.groups.term')} rules={text(TERM_MAX)}>
          <Input placeholder={t('admin.groups.termPlaceholder')} data-testid="group-form-term" />
        </Form.Item>
      </Form>
    </AdminFormModal>
  )
}
