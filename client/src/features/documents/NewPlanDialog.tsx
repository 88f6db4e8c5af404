import { App, Form, Input, Modal, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { type NewPlanInput, useCreatePlanMutation } from './api.ts'

type NewPlanValues = NewPlanInput

/** The dialog that creates a plan from the lesson-plan template and opens it. */
export function NewPlanDialog({
  open,
  onClose,
  groups,
}: {
  open: boolean
  onClose: () => void
  groups: ReadonlyArray<{ id: string; name: string }>
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<NewPlanValues>()
  const createPlan = useCreatePlanMutation()
  const navigate = useNavigate()
  const { message } = App.useApp()

  const create = async (values: NewPlanValues): Promise<void> => {
    try {
      const { id } = await createPlan.mutateAsync(values)
      onClose()
      form.resetFields()
      navigate(`/plans/${id}`)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'quota_exceeded') {
        message.error(t('newPlan.quotaExceeded'))
      } else {
        message.error(apiErrorMessage(t, error))
      }
    }
  }

  const field = (name: keyof NewPlanValues, required = false) => (
    <Form.Item
      name={name}
      label={t(`newPlan.${name === 'title' ? 'titleField' : name}`)}
      rules={
        required
          ? [
              {
                required: true,
                message: t('newPlan.required', {
                  field: t(`newPlan.${name === 'title' ? 'titleField' : name}`),
                }),
              },
            ]
          : []
      }
    >
      <Input data-testid={`new-plan-${name}`} />
    </Form.Item>
  )

  return (
    <Modal
      open={open}
      title={t('newPlan.title')}
      okText={t('newPlan.create')}
      cancelText={t('newPlan.cancel')}
      confirmLoading={createPlan.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<NewPlanValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void create(values)}
        initialValues={{ textbookEdition: '人教版' }}
      >
        {field('title', true)}
        {field('subject', true)}
        {field('grade', true)}
        {field('textbookEdition')}
        {field('unit')}
        {field('lesson')}
        <Form.Item name="groupId" label={t('newPlan.group')}>
          <Select
            allowClear
            placeholder={t('newPlan.noGroup')}
            options={groups.map((group) => ({ value: group.id, label: group.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
