import { InboxOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Modal, Select, Space, Spin, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type {
  ImportDoneResponse,
  ImportPreview,
  ImportPreviewResponse,
} from '../../../../shared/export/importApi.ts'
import { call } from '../../api/client.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { documentKeys } from '../documents/index.ts'
import { ImportPreviewView } from './ImportPreviewView.tsx'

type ImportAnswer<T> = T | { ok: false; error: string; message: string }

/**
 * Posts the Word file to an import route (a preview, or with `confirm` the new plan, or the
 * existing plan replaced).
 */
function postImport<T>(
  url: string,
  file: File,
  fields: Record<string, string>,
): Promise<Exclude<T, { ok: false }>> {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  return call<ImportAnswer<T>>(
    fetch(url, { method: 'POST', body: form, credentials: 'same-origin' }),
  ) as Promise<Exclude<T, { ok: false }>>
}

/**
 * Imports a .docx plan: upload, preview of what was found, then 创建教案 opens the new plan; or,
 * with `intoDocumentId`, 导入并替换 replaces that plan's content (live, for everyone), the old
 * content kept as the version 导入前.
 */
export function ImportPlanDialog({
  open,
  onClose,
  groups = [],
  intoDocumentId,
}: {
  open: boolean
  onClose: () => void
  groups?: ReadonlyArray<{ id: string; name: string }>
  intoDocumentId?: string
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
  const url = intoDocumentId
    ? `/api/documents/${encodeURIComponent(intoDocumentId)}/import`
    : '/api/documents/import'
  const read = async (chosen: File): Promise<void> => {
    setBusy(true)
    try {
      const answer = await postImport<ImportPreviewResponse>(url, chosen, {})
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
      if (groupId && !intoDocumentId) fields.groupId = groupId
      const { id } = await postImport<ImportDoneResponse>(url, file, fields)
      await queryClient.invalidateQueries({ queryKey: documentKeys.lists() })
      close()
      if (intoDocumentId) {
        // The plan on screen updates through the collaboration socket like any other edit.
        message.success(t('planImport.replaced'), 8)
      } else {
        message.success(t('planImport.created'))
        void navigate(`/plans/${id}`)
      }
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={t(intoDocumentId ? 'planImport.titleInto' : 'planImport.title')}
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
              {t(intoDocumentId ? 'planImport.replace' : 'planImport.create')}
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
            {groups.length > 0 && !intoDocumentId ? (
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
            <ImportPreviewView preview={preview} />
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
