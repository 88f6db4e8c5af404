import { Alert, App, Button, Card, Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { NewPasswordFields } from '../NewPasswordFields.tsx'
import { useChangePasswordMutation } from './api.ts'

interface PasswordValues {
  currentPassword: string
  newPassword: string
  confirm: string
}

/** 修改密码: current, new and repeated password; other devices and API tokens are signed out. */
export function PasswordCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<PasswordValues>()
  const change = useChangePasswordMutation()

  const save = async (values: PasswordValues): Promise<void> => {
    try {
      await change.mutateAsync({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      })
      form.resetFields()
      message.success(t('account.password.changed'), 6)
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }

  const required = (field: string) => ({
    required: true,
    message: t('account.password.required', { field }),
  })

  return (
    <Card title={t('account.password.title')} data-testid="account-password">
      <Alert
        type="info"
        showIcon
        message={t('account.password.hint')}
        style={{ marginBottom: 16 }}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item
          name="currentPassword"
          label={t('account.password.current')}
          rules={[required(t('account.password.current'))]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <NewPasswordFields
          name="newPassword"
          label={t('account.password.new')}
          confirmLabel={t('account.password.confirm')}
          testIds={{ password: 'password-new', confirm: 'password-confirm' }}
        />
        <Button
          type="primary"
          htmlType="submit"
          loading={change.isPending}
          data-testid="password-submit"
        >
          {t('account.password.submit')}
        </Button>
      </Form>
    </Card>
  )
}
