import { App, Button, Card, Descriptions, Form, Input, Segmented, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Language, PublicUser } from '../../../../../shared/domain.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useChangeLanguage, useUpdateDisplayNameMutation } from './api.ts'

/** 个人资料: username and school (read-only), display name and interface language. */
export function ProfileCard({ me }: { me: PublicUser }) {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ displayName: string }>()
  const rename = useUpdateDisplayNameMutation()
  const changeLanguage = useChangeLanguage()

  const save = async ({ displayName }: { displayName: string }): Promise<void> => {
    try {
      await rename.mutateAsync(displayName.trim())
      message.success(t('account.profile.saved'))
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }

  return (
    <Card title={t('account.profile.title')} data-testid="account-profile">
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('account.profile.username')}>
          <span data-testid="account-username">{me.username}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('account.profile.school')}>{me.schoolName}</Descriptions.Item>
      </Descriptions>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ displayName: me.displayName }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item label={t('account.profile.displayName')} required>
          <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
            <Form.Item
              name="displayName"
              noStyle
              rules={[
                { required: true, whitespace: true, message: t('account.profile.nameRequired') },
                { max: 100, message: t('account.profile.nameTooLong') },
              ]}
            >
              <Input data-testid="account-display-name" maxLength={100} />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={rename.isPending}
              data-testid="account-save-name"
            >
              {t('account.profile.save')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('account.profile.language')}>
          <Segmented
            value={i18n.language === 'en' ? 'en' : 'zh-CN'}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'English', value: 'en' },
            ]}
            onChange={(value) => void changeLanguage(value as Language)}
            data-testid="account-language"
          />
        </Form.Item>
      </Form>
    </Card>
  )
}
