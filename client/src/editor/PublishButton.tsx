import { App, Button } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ApiError } from '../api/ApiError.ts'
import { call, client } from '../api/client.ts'

/** Publishes the final plan (or a newer version of it) to the shared library, then opens it. */
export function PublishButton({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  const publish = async (): Promise<void> => {
    setBusy(true)
    try {
      const { entryId, version } = await call(client.library.$post({ json: { documentId } }))
      message.success(t('library.published', { version }))
      navigate(`/library/${entryId}`)
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error))
      setBusy(false)
    }
  }
  return (
    <Button
      loading={busy}
      data-testid="publish"
      onClick={() =>
        modal.confirm({
          title: t('library.publishConfirm'),
          content: t('library.publishHint'),
          okText: t('library.publish'),
          cancelText: t('newPlan.cancel'),
          onOk: () => publish(),
        })
      }
    >
      {t('library.publish')}
    </Button>
  )
}
