import { InboxOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  App,
  Button,
  Descriptions,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { HEADER_FIELDS, sectionDef } from '../../../../shared/editor/planSchema.ts'
import type {
  ImportDoneResponse,
  ImportPreview,
  ImportPreviewResponse,
} from '../../../../shared/export/importApi.ts'
import { call } from '../../api/client.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { documentKeys } from '../documents/index.ts'

type ImportAnswer<T> = T | { ok: false; error: string; message: string }

/** Posts the Word file to the import route (a preview, or with `confirm` the new plan). */
function postImport<T>(
  file: File,
  fields: Record<string, string>,
): Promise<Exclude<T, { ok: false }>> {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  return call<ImportAnswer<T>>(
    fetch('/api/documents/import', { method: 'POST', body: form, credentials: 'same-origin' }),
  ) as Promise<Exclude<T, { ok: false }>>
}

/** What the file will become: header, parts found, steps and unsorted content. */
function PreviewView({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language === 'en' ? 'en' : 'zh-CN'
  const headerItems = HEADER_FIELDS.filter((field) => {
    const value = preview.header[field.key]
    return typeof value === 'string' ? value !== '' : true
  }).map((field) => ({
    key: field.key,
    label: field.label[language],
    children: String(preview.header[field.key]),
  }))
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-preview">
      <Typography.Title level={5} data-testid="import-title">
        {preview.title}
      </Typography.Title>
      <Descriptions size="small" column={2} title={t('planImport.header')} items={headerItems} />
      <Typography.Text strong>{t('planImport.sections')}</Typography.Text>
      <List
        size="small"
        dataSource={preview.sections}
        renderItem={(section) => (
          <List.Item key={section.key} data-testid="import-section" data-section={section.key}>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space>
                <Tag color={section.paragraphs > 0 ? 'green' : 'default'}>
                  {section.paragraphs > 0 ? t('planImport.found') : t('planImport.empty')}
                </Tag>
                <Typography.Text strong>{sectionDef(section.key).label[language]}</Typography.Text>
                {section.paragraphs > 0 ? (
                  <Typography.Text type="secondary">
                    {section.key === 'process'
                      ? t('planImport.stepsCount', { count: section.paragraphs })
                      : t('planImport.paragraphs', { count: section.paragraphs })}
                  </Typography.Text>
                ) : null}
              </Space>
              {section.excerpt ? (
                <Typography.Text type="secondary" lang="zh-CN" ellipsis>
                  {section.excerpt}
                </Typography.Text>
              ) : null}
              {section.notes.map((note) => (
                <Typography.Text key={note} type="warning" lang="zh-CN">
                  {note}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
      {preview.steps.length > 0 ? (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, index) => String(index)}
          dataSource={preview.steps}
          data-testid="import-steps"
          title={() => t('planImport.steps')}
          columns={[
            { title: t('planImport.stepName'), dataIndex: 'name' },
            { title: t('planImport.minutes'), dataIndex: 'minutes', width: 80 },
            { title: t('planImport.teacher'), dataIndex: 'teacher' },
          ]}
        />
      ) : null}
      {preview.images > 0 ? (
        <Typography.Text>{t('planImport.images', { count: preview.images })}</Typography.Text>
      ) : null}
      {preview.unplaced.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="import-unplaced"
          message={t('planImport.unplaced', { count: preview.unplaced.length })}
          description={
            <Space direction="vertical" size={0}>
              <Typography.Text type="secondary">{t('planImport.unplacedHint')}</Typography.Text>
              <List
                size="small"
                dataSource={preview.unplaced}
                renderItem={(item) => (
                  <List.Item data-testid="import-unplaced-item">
                    <Typography.Text mark lang="zh-CN">
                      {item.text}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t(`planImport.reasons.${item.reason}`)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            </Space>
          }
        />
      ) : null}
    </Space>
  )
}

/** Imports a .docx plan: upload, preview of what was found, then 创建教案 opens the new plan. */
export function ImportPlanDialog({
  open,
  onClose,
  groups,
}: {
  open: boolean
  onClose: () => void
  groups: ReadonlyArray<{ id: string; name: string }>
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [groupId, setGroupId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const reset = (): void => {
    setFile(null)
    setPreview(null)
  }
  const close = (): void => {
    reset()
    onClose()
  }
  const read = async (chosen: File): Promise<void> => {
    setBusy(true)
    try {
      const answer = await postImport<ImportPreviewResponse>(chosen, {})
      setFile(chosen)
      setPreview(answer.preview)
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    } finally {
      setBusy(false)
    }
  }
  const create = async (): Promise<void> => {
    if (!file) return
    setBusy(true)
    try {
      const fields: Record<string, string> = { confirm: 'true' }
      if (groupId) fields.groupId = groupId
      const { id } = await postImport<ImportDoneResponse>(file, fields)
      await queryClient.invalidateQueries({ queryKey: documentKeys.lists() })
      message.success(t('planImport.created'))
      close()
      void navigate(`/plans/${id}`)
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t('planImport.title')}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={
        preview ? (
          <Space>
            <Button onClick={reset} disabled={busy}>
              {t('planImport.chooseAgain')}
            </Button>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void create()}
              data-testid="import-create"
            >
              {t('planImport.create')}
            </Button>
          </Space>
        ) : (
          <Button onClick={close}>{t('planImport.cancel')}</Button>
        )
      }
    >
      <Spin spinning={busy} tip={t('planImport.reading')}>
        {preview ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            {groups.length > 0 ? (
              <Space>
                <Typography.Text>{t('planImport.group')}</Typography.Text>
                <Select
                  style={{ minWidth: 200 }}
                  value={groupId ?? ''}
                  onChange={(value: string) => setGroupId(value === '' ? null : value)}
                  options={[
                    { value: '', label: t('planImport.noGroup') },
                    ...groups.map((group) => ({ value: group.id, label: group.name })),
                  ]}
                  data-testid="import-group"
                />
              </Space>
            ) : null}
            <PreviewView preview={preview} />
          </Space>
        ) : (
          <Upload.Dragger
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            multiple={false}
            showUploadList={false}
            beforeUpload={(chosen) => {
              void read(chosen)
              return false
            }}
            data-testid="import-drop"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('planImport.drop')}</p>
            <p className="ant-upload-hint">{t('planImport.dropHint')}</p>
          </Upload.Dragger>
        )}
      </Spin>
    </Modal>
  )
}
