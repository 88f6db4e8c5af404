import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  type AffiliationStatus,
  affiliationLength,
  localDayOf,
  MAX_AFFILIATION_DAYS,
} from '../../../../../shared/identity/affiliations.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { useSchools, useUsers } from '../../identity/index.ts'
import {
  type AffiliationFilters,
  useAffiliations,
  useCreateAffiliationMutation,
  useDeleteAffiliationMutation,
  useUpdateAffiliationMutation,
} from './api.ts'

const DAY = 'YYYY-MM-DD'
const STATUS_COLOURS: Record<AffiliationStatus, string> = {
  upcoming: 'blue',
  active: 'green',
  ended: 'default',
}

/** A day range as the RangePicker holds it. */
type Range = [Dayjs, Dayjs]

/** The RangePicker rule: both days, and at most three years. */
function rangeRules(t: (key: string) => string) {
  return [
    { required: true, message: t('admin.exchanges.form.datesRequired') },
    {
      validator: async (_rule: unknown, value: Range | undefined) => {
        if (!value) return
        const length = affiliationLength(value[0].format(DAY), value[1].format(DAY))
        if (length > MAX_AFFILIATION_DAYS) throw new Error(t('admin.exchanges.form.datesTooLong'))
      },
    },
  ]
}

/** The "new exchange" modal: teacher, host school, days. */
function CreateExchangeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ userId: string; schoolId: string; range: Range }>()
  const users = useUsers()
  const schools = useSchools()
  const create = useCreateAffiliationMutation()
  const userId = Form.useWatch('userId', form)
  const teacher = users.data?.find((user) => user.id === userId)
  const teachers = (users.data ?? []).filter((user) => user.role === 'teacher' && !user.disabled)
  const hosts = (schools.data ?? []).filter(
    (school) => school.archivedAt === null && school.id !== teacher?.schoolId,
  )
  const submit = async (values: { userId: string; schoolId: string; range: Range }) => {
    await create.mutateAsync({
      userId: values.userId,
      schoolId: values.schoolId,
      startsOn: values.range[0].format(DAY),
      endsOn: values.range[1].format(DAY),
    })
    message.success(t('admin.exchanges.created'))
    form.resetFields()
    onClose()
  }
  return (
    <Modal
      open={open}
      title={t('admin.exchanges.form.title')}
      okText={t('admin.exchanges.form.submit')}
      cancelText={t('admin.exchanges.form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'exchange-submit' }}
      destroyOnHidden
    >
      {create.error ? (
        <Alert
          type="error"
          showIcon
          title={apiErrorMessage(t, create.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(values) => submit(values).catch(() => {})}>
        <Form.Item
          name="userId"
          label={t('admin.exchanges.form.teacher')}
          rules={[{ required: true, message: t('admin.exchanges.form.teacherRequired') }]}
        >
          <Select
            showSearch
            data-testid="exchange-teacher"
            placeholder={t('admin.exchanges.form.teacherPlaceholder')}
            loading={users.isLoading}
            optionFilterProp="label"
            options={teachers.map((user) => ({
              value: user.id,
              label: `${user.displayName}（${user.username}）· ${user.schoolName}`,
            }))}
            onChange={() => form.setFieldValue('schoolId', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="schoolId"
          label={t('admin.exchanges.form.hostSchool')}
          rules={[{ required: true, message: t('admin.exchanges.form.hostSchoolRequired') }]}
        >
          <Select
            data-testid="exchange-host"
            options={hosts.map((school) => ({ value: school.id, label: school.name }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('admin.exchanges.form.dates')} rules={rangeRules(t)}>
          <DatePicker.RangePicker data-testid="exchange-dates" style={{ width: '100%' }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  )
}

/** The "change dates" modal of one exchange. */
function EditDatesModal({
  affiliation,
  onClose,
}: {
  affiliation: { id: string; startsOn: string; endsOn: string } | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ range: Range }>()
  const update = useUpdateAffiliationMutation()
  return (
    <Modal
      open={affiliation !== null}
      title={t('admin.exchanges.editTitle')}
      okText={t('admin.exchanges.form.submit')}
      cancelText={t('admin.exchanges.form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      {update.error ? (
        <Alert
          type="error"
          showIcon
          title={apiErrorMessage(t, update.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {affiliation ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ range: [dayjs(affiliation.startsOn), dayjs(affiliation.endsOn)] }}
          onFinish={(values) =>
            update
              .mutateAsync({
                id: affiliation.id,
                startsOn: values.range[0].format(DAY),
                endsOn: values.range[1].format(DAY),
              })
              .then(() => {
                message.success(t('admin.exchanges.saved'))
                onClose()
              })
              .catch(() => {})
          }
        >
          <Form.Item name="range" label={t('admin.exchanges.form.dates')} rules={rangeRules(t)}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      ) : null}
    </Modal>
  )
}

/** The admin console's exchange-teacher page: the list, filters, and the exchange forms. */
export function ExchangesPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [filters, setFilters] = useState<AffiliationFilters>({})
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<{ id: string; startsOn: string; endsOn: string } | null>(
    null,
  )
  const affiliations = useAffiliations(filters)
  const schools = useSchools()
  const update = useUpdateAffiliationMutation()
  const remove = useDeleteAffiliationMutation()
  const today = localDayOf(new Date())
  const failed = (error: unknown) => message.error(apiErrorMessage(t, error))
  const statuses: AffiliationStatus[] = ['upcoming', 'active', 'ended']
  return (
    <div data-testid="exchanges-page">
      <Typography.Title level={3}>{t('admin.exchanges.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.exchanges.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('admin.exchanges.filterSchool')}
          value={filters.schoolId}
          onChange={(schoolId: string | undefined) => setFilters({ ...filters, schoolId })}
          options={(schools.data ?? []).map((school) => ({ value: school.id, label: school.name }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('admin.exchanges.filterStatus')}
          value={filters.status}
          onChange={(status: AffiliationStatus | undefined) => setFilters({ ...filters, status })}
          options={statuses.map((status) => ({
            value: status,
            label: t(`admin.exchanges.status.${status}`),
          }))}
        />
        <Button type="primary" data-testid="exchange-add" onClick={() => setCreating(true)}>
          {t('admin.exchanges.add')}
        </Button>
      </Space>
      {affiliations.error ? (
        <Alert type="error" showIcon title={apiErrorMessage(t, affiliations.error)} />
      ) : null}
      <Table
        rowKey="id"
        scroll={{ x: 'max-content' }}
        data-testid="exchanges-table"
        loading={affiliations.isLoading}
        dataSource={affiliations.data ?? []}
        locale={{ emptyText: t('admin.exchanges.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('admin.exchanges.columns.teacher'),
            key: 'teacher',
            render: (_value, row) => `${row.displayName}（${row.username}）`,
          },
          { title: t('admin.exchanges.columns.homeSchool'), dataIndex: 'homeSchoolName' },
          { title: t('admin.exchanges.columns.hostSchool'), dataIndex: 'hostSchoolName' },
          {
            title: t('admin.exchanges.columns.dates'),
            key: 'dates',
            render: (_value, row) => (
              <span style={{ whiteSpace: 'nowrap' }}>{`${row.startsOn} ～ ${row.endsOn}`}</span>
            ),
          },
          {
            title: t('admin.exchanges.columns.status'),
            dataIndex: 'status',
            render: (status: AffiliationStatus) => (
              <Tag color={STATUS_COLOURS[status]}>{t(`admin.exchanges.status.${status}`)}</Tag>
            ),
          },
          {
            title: t('admin.exchanges.columns.actions'),
            key: 'actions',
            render: (_value, row) => (
              <Space size="small">
                <Button size="small" type="link" onClick={() => setEditing(row)}>
                  {t('admin.exchanges.edit')}
                </Button>
                {row.status === 'active' && row.endsOn > today ? (
                  <Popconfirm
                    title={t('admin.exchanges.endEarlyConfirm')}
                    onConfirm={() =>
                      update
                        .mutateAsync({ id: row.id, endsOn: today })
                        .then(() => message.success(t('admin.exchanges.ended')), failed)
                    }
                  >
                    <Button size="small" type="link">
                      {t('admin.exchanges.endEarly')}
                    </Button>
                  </Popconfirm>
                ) : null}
                <Popconfirm
                  title={t('admin.exchanges.deleteConfirm')}
                  onConfirm={() =>
                    remove
                      .mutateAsync(row.id)
                      .then(() => message.success(t('admin.exchanges.deleted')), failed)
                  }
                >
                  <Button size="small" type="link" danger>
                    {t('admin.exchanges.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <CreateExchangeModal open={creating} onClose={() => setCreating(false)} />
      <EditDatesModal affiliation={editing} onClose={() => setEditing(null)} />
    </div>
  )
}
