import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import type { RubricSummary } from '../../../../../shared/observations/observationApi.ts'
import { useUrlState } from '../../../components/useUrlState.ts'
import { useMe } from '../../identity/index.ts'
import { formatDateTime } from '../../observations/index.ts'
import { useRubricList } from './api.ts'
import { CreateRubricDialog } from './CreateRubricDialog.tsx'
import { RubricDetailCard } from './RubricDetailCard.tsx'

/** What was just done, shown above the list in the interface language. */
interface Notice {
  key: 'saved' | 'created'
  values: Record<string, string | number>
}

/**
 * The admin console's 评课表 page: the alliance's rubrics, one rubric's current definition and
 * versions (`/admin/rubrics/:rubricId`, `?version=` for an older one), creating and versioning
 * them (alliance admin; school admins read).
 */
export function RubricsPage() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  const { rubricId } = useParams()
  const url = useUrlState()
  const rubrics = useRubricList()
  const [creating, setCreating] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)
  const manager = me.data?.role === 'alliance_admin'
  const list = rubrics.data ?? []
  const open = (id: string) => {
    setNotice(null)
    navigate(`/admin/rubrics/${id}`)
  }
  return (
    <div data-testid="rubrics-page">
      <Typography.Title level={3}>{t('admin.rubrics.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.rubrics.intro')}</Typography.Paragraph>
      {manager ? null : (
        <Alert
          type="info"
          showIcon
          data-testid="rubrics-read-only"
          title={t('admin.rubrics.readOnly')}
          style={{ marginBottom: 16 }}
        />
      )}
      {notice ? (
        <Alert
          type="success"
          showIcon
          closable
          data-testid="rubrics-notice"
          title={t(`admin.rubrics.${notice.key}`, notice.values)}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {manager && list.length > 0 ? (
        <Space className="admin-toolbar">
          <Button type="primary" data-testid="rubric-create" onClick={() => setCreating(true)}>
            {t('admin.rubrics.create')}
          </Button>
        </Space>
      ) : null}
      <Table<RubricSummary>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        data-testid="rubrics-table"
        loading={rubrics.isLoading}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: <Empty description={t('admin.rubrics.empty')} /> }}
        rowClassName={(rubric) => (rubric.id === rubricId ? 'ant-table-row-selected' : '')}
        onRow={(rubric) => ({ onClick: () => open(rubric.id) })}
        columns={[
          {
            title: t('admin.rubrics.columns.name'),
            dataIndex: 'name',
            render: (name: string, rubric) => (
              // A real link: reachable with Tab, opened with Enter.
              <Typography.Link
                href={`/admin/rubrics/${rubric.id}`}
                data-testid={`rubric-open-${rubric.id}`}
                onClick={(event) => {
                  event.preventDefault()
                  event.stopPropagation()
                  open(rubric.id)
                }}
              >
                {name}
              </Typography.Link>
            ),
          },
          {
            title: t('admin.rubrics.columns.mode'),
            dataIndex: 'mode',
            render: (mode: RubricSummary['mode']) => (
              <Tag color={mode === 'weighted' ? 'blue' : 'purple'}>
                {t(`admin.rubrics.mode.${mode}`)}
              </Tag>
            ),
          },
          {
            title: t('admin.rubrics.columns.version'),
            dataIndex: 'currentVersion',
            render: (number: number, rubric) => (
              <span data-testid={`rubric-version-${rubric.id}`}>
                {t('admin.rubrics.versionNumber', { number })}
              </span>
            ),
          },
          {
            title: t('admin.rubrics.columns.updated'),
            dataIndex: 'updatedAt',
            render: (at: number) => formatDateTime(at, i18n.language),
          },
        ]}
      />
      {rubricId ? (
        <RubricDetailCard
          key={rubricId}
          rubricId={rubricId}
          versionId={url.get('version')}
          onVersion={(versionId) => url.set({ version: versionId })}
          onCopy={() => setCreating(true)}
          onSaved={(number) => setNotice({ key: 'saved', values: { number } })}
        />
      ) : list.length > 0 ? (
        <Card style={{ marginTop: 16 }}>
          <Empty description={t('admin.rubrics.noneSelected')} />
        </Card>
      ) : null}
      {creating && list.length > 0 ? (
        <CreateRubricDialog
          rubrics={list}
          sourceId={
            rubricId && list.some((r) => r.id === rubricId) ? rubricId : (list[0]?.id ?? '')
          }
          onClose={() => setCreating(false)}
          onCreated={(id, name) => {
            setCreating(false)
            navigate(`/admin/rubrics/${id}`)
            setNotice({ key: 'created', values: { name } })
          }}
        />
      ) : null}
    </div>
  )
}
