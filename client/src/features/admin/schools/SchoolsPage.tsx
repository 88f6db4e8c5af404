import {
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { AdminFormModal } from '../AdminFormModal.tsx'
import { useAdminSchools, useCreateSchoolMutation, useUpdateSchoolMutation } from './api.ts'

/** A school as the admin list shows it. */
interface SchoolItem {
  id: string
  name: string
  archivedAt: number | null
  userCount: number
}

/** The name form of a new school (`school` null) or of a rename, in a modal. */
function SchoolNameModal(props: { open: boolean; school: SchoolItem | null; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ name: string }>()
  const create = useCreateSchoolMutation()
  const update = useUpdateSchoolMutation()
  const { school, open } = props

  useEffect(() => {
    if (open) form.setFieldsValue({ name: school?.name ?? '' })
  }, [open, school, form])

  async function submit({ name }: { name: string }) {
    try {
      if (school) {
        if (name.trim() !== school.name) {
          await update.mutateAsync({ id: school.id, changes: { name: name.trim() } })
        }
        message.success(t('admin.schools.done.renamed'))
      } else {
        await create.mutateAsync(name.trim())
        message.success(t('admin.schools.done.created'))
      }
      props.onClose()
    } catch (error) {
      form.setFields([{ name: 'name', errors: [apiErrorMessage(t, error)] }])
    }
  }

  return (
    <AdminFormModal
      open={open}
      title={t(school ? 'admin.schools.form.renameTitle' : 'admin.schools.form.createTitle')}
      formId="admin-school-form"
      cancelLabel={t('admin.schools.form.cancel')}
      saveLabel={t('admin.schools.form.save')}
      saving={create.isPending || update.isPending}
      saveTestId="school-form-submit"
      onClose={props.onClose}
    >
      <Form id="admin-school-form" form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('admin.schools.form.name')}
          rules={[
            { required: true, whitespace: true, message: t('admin.schools.form.required') },
            { max: 100, message: t('admin.schools.form.tooLong') },
          ]}
        >
          <Input data-testid="school-form-name" autoFocus />
        </Form.Item>
      </Form>
    </AdminFormModal>
  )
}

/** The admin console's schools page (alliance admin): create, rename, archive and restore. */
export function SchoolsPage() {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const schools = useAdminSchools()
  const update = useUpdateSchoolMutation()
  const [showArchived, setShowArchived] = useState(false)
  const [naming, setNaming] = useState<{ school: SchoolItem | null } | null>(null)

  function toggleArchived(school: SchoolItem) {
    const archived = school.archivedAt === null
    modal.confirm({
      title: t(archived ? 'admin.schools.confirm.archive' : 'admin.schools.confirm.restore', {
        name: school.name,
      }),
      okText: t('admin.schools.confirm.ok'),
      cancelText: t('admin.schools.confirm.cancel'),
      okButtonProps: { danger: archived },
      onOk: async () => {
        try {
          await update.mutateAsync({ id: school.id, changes: { archived } })
          message.success(
            t(archived ? 'admin.schools.done.archived' : 'admin.schools.done.restored'),
          )
        } catch (error) {
          message.error(apiErrorMessage(t, error))
        }
      },
    })
  }

  const items = (schools.data ?? []).filter((school) => showArchived || school.archivedAt === null)
  const columns: TableColumnsType<SchoolItem> = [
    { title: t('admin.schools.columns.name'), dataIndex: 'name' },
    { title: t('admin.schools.columns.userCount'), dataIndex: 'userCount', align: 'right' },
    {
      title: t('admin.schools.columns.status'),
      key: 'status',
      render: (_value, school) =>
        school.archivedAt === null ? (
          <Tag color="green">{t('admin.schools.status.active')}</Tag>
        ) : (
          <Tag data-testid={`school-archived-${school.name}`}>
            {t('admin.schools.status.archived')}
          </Tag>
        ),
    },
    {
      title: t('admin.schools.columns.actions'),
      key: 'actions',
      render: (_value, school) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="link"
            onClick={() => setNaming({ school })}
            data-testid={`school-rename-${school.name}`}
          >
            {t('admin.schools.actions.rename')}
          </Button>
          <Button
            size="small"
            type="link"
            danger={school.archivedAt === null}
            onClick={() => toggleArchived(school)}
            data-testid={`school-${school.archivedAt === null ? 'archive' : 'restore'}-${school.name}`}
          >
            {t(
              school.archivedAt === null
                ? 'admin.schools.actions.archive'
                : 'admin.schools.actions.restore',
            )}
          </Button>
        </Flex>
      ),
    },
  ]

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3}>{t('admin.schools.title')}</Typography.Title>
        <Flex align="center" gap={16}>
          <Flex align="center" gap={8}>
            <Switch
              checked={showArchived}
              onChange={setShowArchived}
              data-testid="school-show-archived"
            />
            <Typography.Text>{t('admin.schools.showArchived')}</Typography.Text>
          </Flex>
          <Button
            type="primary"
            onClick={() => setNaming({ school: null })}
            data-testid="school-create"
          >
            {t('admin.schools.create')}
          </Button>
        </Flex>
      </Flex>
      {schools.isError && (
        <Typography.Paragraph type="danger">
          {apiErrorMessage(t, schools.error)}
        </Typography.Paragraph>
      )}
      <Table<SchoolItem>
        rowKey="id"
        scroll={{ x: 'max-content' }}
        size="middle"
        columns={columns}
        dataSource={items}
        loading={schools.isLoading}
        pagination={false}
        rowClassName={(school) => (school.archivedAt === null ? '' : 'admin-row-archived')}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.schools.empty')} />
          ),
        }}
        data-testid="school-table"
      />
      <SchoolNameModal
        open={naming !== null}
        school={naming?.school ?? null}
        onClose={() => setNaming(null)}
      />
    </>
  )
}
