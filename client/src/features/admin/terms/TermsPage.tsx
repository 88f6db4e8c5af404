import { Alert, Button, Checkbox, Form, Input, Popconfirm, Select, Table, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { nextTerm } from '../../../../../shared/identity/terms.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useGroups } from '../../identity/index.ts'
import { useRolloverMutation, useTerms } from './api.ts'

/** The values of the rollover form. */
interface RolloverValues {
  fromTerm: string
  toTerm: string
  groupIds: string[]
}

/** The admin console's terms page: the terms with their groups, and the rollover to a new term. */
export function TermsPage() {
  const { t } = useTranslation()
  const [form] = Form.useForm<RolloverValues>()
  const terms = useTerms()
  const groups = useGroups()
  const rollover = useRolloverMutation()
  const [done, setDone] = useState<{ groups: number; members: number } | null>(null)
  const fromTerm = Form.useWatch('fromTerm', form)
  const toTerm = Form.useWatch('toTerm', form)
  const chosen = Form.useWatch('groupIds', form) ?? []
  const groupsOfTerm = (term: string | undefined) =>
    (groups.data ?? []).filter((group) => group.term === term && group.archivedAt === null)
  const choosable = groupsOfTerm(fromTerm)
  const pickTerm = (term: string) => {
    form.setFieldsValue({
      fromTerm: term,
      toTerm: nextTerm(term) ?? '',
      groupIds: groupsOfTerm(term).map((group) => group.id),
    })
  }
  const submit = async (values: RolloverValues) => {
    setDone(null)
    const result = await rollover.mutateAsync(values)
    setDone({ groups: result.groups.length, members: result.members })
    form.resetFields()
  }
  return (
    <div data-testid="terms-page">
      <Typography.Title level={3}>{t('admin.terms.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.terms.intro')}</Typography.Paragraph>
      {done ? (
        <Alert
          type="success"
          showIcon
          data-testid="rollover-done"
          title={t('admin.terms.done', done)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {rollover.error ? (
        <Alert
          type="error"
          showIcon
          title={apiErrorMessage(t, rollover.error)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 560 }}
        onFinish={(values) => submit(values).catch(() => {})}
      >
        <Form.Item
          name="fromTerm"
          label={t('admin.terms.fromTerm')}
          rules={[{ required: true, message: t('admin.terms.fromTermRequired') }]}
        >
          <Select
            data-testid="rollover-from"
            onChange={pickTerm}
            options={(terms.data ?? [])
              .filter((term) => term.activeGroups > 0)
              .map((term) => ({ value: term.term, label: term.term }))}
          />
        </Form.Item>
        <Form.Item
          name="toTerm"
          label={t('admin.terms.toTerm')}
          extra={t('admin.terms.toTermHint')}
          dependencies={['fromTerm']}
          rules={[
            { required: true, whitespace: true, message: t('admin.terms.toTermRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value.trim() === getFieldValue('fromTerm')) {
                  throw new Error(t('admin.terms.toTermSame'))
                }
              },
            }),
          ]}
        >
          <Input data-testid="rollover-to" maxLength={40} />
        </Form.Item>
        {fromTerm ? (
          <Form.Item
            name="groupIds"
            label={t('admin.terms.groups')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('admin.terms.groupsRequired') },
            ]}
          >
            {choosable.length === 0 ? (
              <Typography.Text type="secondary">{t('admin.terms.noGroups')}</Typography.Text>
            ) : (
              <Checkbox.Group
                data-testid="rollover-groups"
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={choosable.map((group) => ({
                  value: group.id,
                  label: `${group.name}（${group.subject} · ${group.grade}）`,
                }))}
              />
            )}
          </Form.Item>
        ) : null}
        {fromTerm && toTerm && chosen.length > 0 ? (
          <Alert
            type="info"
            showIcon
            data-testid="rollover-summary"
            style={{ marginBottom: 16 }}
            title={t('admin.terms.summary', { count: chosen.length, fromTerm, toTerm })}
          />
        ) : null}
        <Popconfirm
          title={t('admin.terms.confirmTitle')}
          okText={t('admin.terms.confirmOk')}
          cancelText={t('admin.terms.cancel')}
          okButtonProps={{ 'data-testid': 'rollover-confirm' }}
          onConfirm={() => form.submit()}
        >
          <Button type="primary" data-testid="rollover-submit" loading={rollover.isPending}>
            {t('admin.terms.submit')}
          </Button>
        </Popconfirm>
      </Form>
      <Typography.Title level={4} style={{ marginTop: 32 }}>
        {t('admin.terms.termsTitle')}
      </Typography.Title>
      <Table
        rowKey="term"
        scroll={{ x: 'max-content' }}
        size="small"
        loading={terms.isLoading}
        dataSource={terms.data ?? []}
        pagination={false}
        locale={{ emptyText: t('admin.terms.empty') }}
        style={{ maxWidth: 560 }}
        columns={[
          { title: t('admin.terms.columns.term'), dataIndex: 'term' },
          { title: t('admin.terms.columns.active'), dataIndex: 'activeGroups' },
          { title: t('admin.terms.columns.archived'), dataIndex: 'archivedGroups' },
        ]}
      />
    </div>
  )
}
