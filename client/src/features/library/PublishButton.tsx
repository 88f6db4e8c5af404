import { Alert, App, Button, Space, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import {
  useCancelSubmissionMutation,
  useLibrarySettings,
  usePublishMutation,
  useSubmissions,
} from './api.ts'

/**
 * Publishes the final plan (or a newer version of it) to the shared library, or submits it for
 * review when the alliance requires one, and shows where the last submission stands.
 */
export function PublishButton({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const navigate = useNavigate()
  const settings = useLibrarySettings()
  const submissions = useSubmissions({ documentId })
  const publishMutation = usePublishMutation()
  const cancelMutation = useCancelSubmissionMutation()
  const latest = submissions.data?.[0]
  const needsReview = Boolean(settings.data?.requireReview && !settings.data.canReview)

  const fail = (error: unknown): void => {
    message.error(apiErrorMessage(t, error))
  }
  const publish = async (): Promise<void> => {
    try {
      const result = await publishMutation.mutateAsync(documentId)
      if (result.status === 'published') {
        message.success(t('library.published', { version: result.version }))
        navigate(`/library/${result.entryId}`)
        return
      }
      message.success(t('libraryReview.submitted'))
    } catch (error) {
      fail(error)
    }
  }
  const cancel = async (submissionId: string): Promise<void> => {
    try {
      await cancelMutation.mutateAsync(submissionId)
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
        loading={publishMutation.isPending}
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
