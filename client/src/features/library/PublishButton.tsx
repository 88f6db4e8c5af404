import { useQueryClient } from '@tanstack/react-query'
import { Alert, App, Button, Space, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { call, client } from '../../api/client.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useLibrarySettings, useSubmissions } from './api.ts'

/**
 * Publishes the final plan (or a newer version of it) to the shared library, or submits it for
 * review when the alliance requires one, and shows where the last submission stands.
 */
export function PublishButton({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const settings = useLibrarySettings()
  const submissions = useSubmissions({ documentId })
  const [busy, setBusy] = useState(false)
  const latest = submissions.data?.[0]
  const needsReview = Boolean(settings.data?.requireReview && !settings.data.canReview)

  const fail = (error: unknown): void => {
    message.error(apiErrorMessage(t, error))
  }
  const publish = async (): Promise<void> => {
    setBusy(true)
    try {
      const result = await call(client.library.$post({ json: { documentId } }))
      if (result.status === 'published') {
        message.success(t('library.published', { version: result.version }))
        navigate(`/library/${result.entryId}`)
        return
      }
      message.success(t('libraryReview.submitted'))
      await queryClient.invalidateQueries({ queryKey: ['library-submissions'] })
    } catch (error) {
      fail(error)
    }
    setBusy(false)
  }
  const cancel = async (submissionId: string): Promise<void> => {
    try {
      await call(client.library.submissions[':id'].cancel.$post({ param: { id: submissionId } }))
      await queryClient.invalidateQueries({ queryKey: ['library-submissions'] })
    } catch (error) {
      fail(error)
    }
  }

  if (latest?.status === 'pending') {
    return (
      <Space data-testid="publication-state">
        <Tag color="processing">{t('libraryReview.state.pending')}</Tag>
        <Button size="small" onClick={() => void cancel(latest.id)}>
          {t('libraryReview.cancel')}
        </Button>
      </Space>
    )
  }
  return (
    <Space>
      {latest?.status === 'returned' && (
        <Alert
          type="warning"
          showIcon
          data-testid="publication-state"
          message={t('libraryReview.returnedWith', { comment: latest.reviewComment ?? '' })}
        />
      )}
      <Button
        loading={busy}
        data-testid="publish"
        onClick={() =>
          modal.confirm({
            title: needsReview ? t('libraryReview.submitConfirm') : t('library.publishConfirm'),
            content: needsReview ? t('libraryReview.submitHint') : t('library.publishHint'),
            okText: needsReview ? t('libraryReview.submit') : t('library.publish'),
            cancelText: t('newPlan.cancel'),
            onOk: () => publish(),
          })
        }
      >
        {needsReview ? t('libraryReview.submit') : t('library.publish')}
      </Button>
    </Space>
  )
}
