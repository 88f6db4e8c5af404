import { Alert, App, Button, Card, Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useChangePasswordMutation } from './api.ts'

/** The shortest password the server accepts (schema.ts of identity). */
const MIN_PASSWORD = 8

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
  const longEnough = {
    min: MIN_PASSWORD,
    message: t('account.password.tooShort', { min: MIN_PASSWORD }),
  }

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
        <Form.Item
          name="newPassword"
          label={t('account.password.new')}
          rules={[required(t('account.password.new')), longEnough]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            required(t('account.password.confirm')),
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
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
