import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Table,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useCreateTokenMutation, useMyTokens, useRevokeTokenMutation } from './api.ts'

dayjs.extend(relativeTime)

/** One row of the token table (what GET /api/tokens answers; never the secret). */
interface TokenRow {
  id: string
  name: string
  prefix: string
  createdAt: number
  lastUsedAt: number | null
}

/** API 令牌: the caller's personal tokens for scripts; created with the secret shown once. */
export function TokensCard() {
  const { t, i18n } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ name: string }>()
  const tokens = useMyTokens()
  const create = useCreateTokenMutation()
  const revoke = useRevokeTokenMutation()
  const [secret, setSecret] = useState<string | null>(null)
  // Relative times follow the interface language (dayjs's locale is set by LocalizedAntd).
  const ago = (at: number): string =>
    dayjs(at)
      .locale(i18n.language === 'en' ? 'en' : 'zh-cn')
      .fromNow()

  const add = async ({ name }: { name: string }): Promise<void> => {
    try {
      setSecret(await create.mutateAsync(name.trim()))
      form.resetFields()
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }
  const remove = async (id: string): Promise<void> => {
    try {
      await revoke.mutateAsync(id)
      message.success(t('account.tokens.revoked'))
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }

  return (
    <Card title={t('account.tokens.title')} data-testid="account-tokens">
      <Form
        form={form}
        layout="inline"
        onFinish={(values) => void add(values)}
        style={{ marginBottom: 16 }}
      >
        <Form.Item
          name="name"
          rules={[
            { required: true, whitespace: true, message: t('account.tokens.nameRequired') },
            { max: 100, message: t('account.tokens.nameTooLong') },
          ]}
        >
          <Input
            placeholder={t('account.tokens.namePlaceholder')}
            aria-label={t('account.tokens.name')}
            style={{ width: 260 }}
            maxLength={100}
            data-testid="token-name"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending}
          data-testid="token-create"
        >
          {t('account.tokens.create')}
        </Button>
      </Form>
      <Table<TokenRow>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              description={
                <>
                  <div>{t('account.tokens.empty')}</div>
                  <Typography.Text type="secondary">
                    {t('account.tokens.emptyHint')}
                  </Typography.Text>
                </>
              }
            />
          ),
        }}
        columns={[
          { title: t('account.tokens.name'), dataIndex: 'name' },
          {
            title: t('account.tokens.prefix'),
            render: (_, token) => <Typography.Text code>{`${token.prefix}…`}</Typography.Text>,
          },
          {
            title: t('account.tokens.created'),
            render: (_, token) => (
              <span title={new Date(token.createdAt).toLocaleString(i18n.language)}>
                {ago(token.createdAt)}
              </span>
            ),
          },
          {
            title: t('account.tokens.lastUsed'),
            render: (_, token) =>
              token.lastUsedAt === null ? t('account.tokens.never') : ago(token.lastUsedAt),
          },
          {
            title: t('account.tokens.actions'),
            render: (_, token) => (
              <Popconfirm
                title={t('account.tokens.revokeConfirm', { name: token.name })}
                okText={t('account.tokens.revoke')}
                cancelText={t('account.tokens.cancel')}
                onConfirm={() => void remove(token.id)}
              >
                <Button size="small" danger type="text" data-testid="token-revoke">
                  {t('account.tokens.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={secret !== null}
        title={t('account.tokens.secretTitle')}
        onOk={() => setSecret(null)}
        onCancel={() => setSecret(null)}
        okText={t('account.tokens.secretDone')}
        cancelButtonProps={{ style: { display: 'none' } }}
        maskClosable={false}
        destroyOnHidden
      >
        <Alert
          type="warning"
          showIcon
          message={t('account.tokens.secretWarning')}
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph
          code
          copyable={{
            text: secret ?? '',
            tooltips: [t('account.tokens.copy'), t('account.tokens.copied')],
          }}
          data-testid="token-secret"
          style={{ wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  )
}
