import { Alert, Button, Card, Space, Spin, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RubricVersionSummary } from '../../../../../shared/observations/observationApi.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { formatDateTime } from '../../observations/index.ts'
import { useNewRubricVersion, useRubricDetail, useRubricVersion } from './api.ts'
import { copyDefinition } from './draft.ts'
import { RubricDefinitionView } from './RubricDefinitionView.tsx'
import { RubricEditor } from './RubricEditor.tsx'

/** Props of {@link RubricDetailCard}. */
export interface RubricDetailCardProps {
  rubricId: string
  /** An older version to show instead of the current one. */
  versionId: string | undefined
  onVersion: (versionId: string | undefined) => void
  onCopy: () => void
  onSaved: (number: number) => void
}

/** One rubric: the shown version's definition, its versions, and 「保存为新版本」 for managers. */
export function RubricDetailCard(props: RubricDetailCardProps) {
  const { t, i18n } = useTranslation()
  const detail = useRubricDetail(props.rubricId)
  const current = detail.data
  const older = props.versionId !== undefined && props.versionId !== current?.currentVersionId
  const version = useRubricVersion(props.rubricId, older ? props.versionId : undefined)
  const save = useNewRubricVersion(props.rubricId)
  const [editing, setEditing] = useState(false)
  if (detail.error) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginTop: 16 }}
        title={apiErrorMessage(t, detail.error)}
      />
    )
  }
  if (!current) return <Spin style={{ display: 'block', marginTop: 24 }} />
  const oldVersion = older ? version.data : undefined
  const shownDefinition = older ? oldVersion?.definition : current.definition
  const shownNumber = older ? (oldVersion?.number ?? 0) : current.currentVersion
  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="rubric-detail"
      title={
        <Space wrap>
          <span>{current.name}</span>
          <Tag color={current.mode === 'weighted' ? 'blue' : 'purple'}>
            {t(`admin.rubrics.mode.${current.mode}`)}
          </Tag>
        </Space>
      }
    >
      {current.canManage ? (
        <Space wrap className="admin-toolbar">
          <Button
            type="primary"
            data-testid="rubric-edit"
            onClick={() => {
              save.reset()
              setEditing(true)
            }}
          >
            {t('admin.rubrics.edit')}
          </Button>
          <Button data-testid="rubric-copy" onClick={props.onCopy}>
            {t('admin.rubrics.copy')}
          </Button>
        </Space>
      ) : null}
      {current.description ? (
        <Typography.Paragraph>{current.description}</Typography.Paragraph>
      ) : null}
      {older ? (
        <Alert
          type="warning"
          showIcon
          data-testid="rubric-old-version"
          style={{ marginBottom: 16 }}
          title={
            oldVersion
              ? t('admin.rubrics.showing', {
                  number: oldVersion.number,
                  date: formatDateTime(oldVersion.createdAt, i18n.language),
                })
              : ''
          }
          action={
            <Button size="small" onClick={() => props.onVersion(undefined)}>
              {t('admin.rubrics.backToCurrent')}
            </Button>
          }
        />
      ) : (
        <Typography.Paragraph type="secondary" data-testid="rubric-current-version">
          {t('admin.rubrics.current')} · {t('admin.rubrics.versionNumber', { number: shownNumber })}
        </Typography.Paragraph>
      )}
      {shownDefinition ? <RubricDefinitionView definition={shownDefinition} /> : <Spin />}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('admin.rubrics.versionsTitle')}
      </Typography.Title>
      <Table<RubricVersionSummary>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        data-testid="rubric-versions"
        dataSource={current.versions}
        pagination={false}
        rowClassName={(row) => (row.number === shownNumber ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('admin.rubrics.versionColumns.number'),
            dataIndex: 'number',
            render: (number: number, row) => (
              <Space>
                {t('admin.rubrics.versionNumber', { number })}
                {row.id === current.currentVersionId ? (
                  <Tag color="green">{t('admin.rubrics.current')}</Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('admin.rubrics.versionColumns.date'),
            dataIndex: 'createdAt',
            render: (at: number) => formatDateTime(at, i18n.language),
          },
          {
            title: t('admin.rubrics.versionColumns.by'),
            dataIndex: 'createdBy',
            render: (by: RubricVersionSummary['createdBy']) =>
              by ? by.displayName : t('admin.rubrics.seededBy'),
          },
          {
            title: t('admin.rubrics.versionColumns.used'),
            dataIndex: 'observationCount',
            render: (count: number) => t('admin.rubrics.usedCount', { count }),
          },
          {
            key: 'view',
            title: '',
            render: (_value, row) => (
              <Button
                size="small"
                data-testid={`rubric-view-v${row.number}`}
                disabled={row.number === shownNumber}
                onClick={() =>
                  props.onVersion(row.id === current.currentVersionId ? undefined : row.id)
                }
              >
                {t('admin.rubrics.viewVersion')}
              </Button>
            ),
          },
        ]}
      />
      {editing ? (
        <RubricEditor
          title={t('admin.rubrics.editor.editTitle', { name: current.name })}
          saveLabel={t('admin.rubrics.editor.save')}
          initial={{
            name: current.name,
            description: current.description,
            definition: copyDefinition(current.definition),
          }}
          saving={save.isPending}
          error={save.error}
          onClose={() => setEditing(false)}
          onSave={(draft) =>
            save
              .mutateAsync({
                name: draft.name.trim(),
                description: draft.description.trim(),
                definition: draft.definition,
              })
              .then((saved) => {
                setEditing(false)
                props.onVersion(undefined)
                props.onSaved(saved.currentVersion)
              })
              .catch(() => {})
          }
        />
      ) : null}
    </Card>
  )
}
