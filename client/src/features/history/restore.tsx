import { App, Button, Tooltip } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentInfo } from '../../../../shared/domain.ts'
import type { RestoreBody, VersionSummary } from '../../../../shared/history/versionApi.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useRestoreMutation } from './api.ts'
import { versionName } from './labels.ts'

/** What a restore button restores, and how the confirmation names it. */
export interface RestoreTarget {
  version: VersionSummary
  body: RestoreBody
  /** The part or step's name; absent for the whole plan. */
  what?: string
}

/** Whether the caller may restore, why not, and the confirm → restore → undo flow. */
export interface RestoreFlow {
  /** Shown at all: editors, and on a signed 共案 (disabled, with the reason). */
  visible: boolean
  /** Why restoring is not possible now, or null. */
  disabledReason: string | null
  pending: boolean
  start: (target: RestoreTarget) => void
}

/**
 * Restores with a confirmation that a safety version (恢复前) is kept first; afterwards a message
 * offers 撤销, which restores that safety version the same way (whole plan, part or step).
 */
export function useRestoreFlow(documentId: string, document: DocumentInfo): RestoreFlow {
  const { t } = useTranslation()
  const { modal, message } = App.useApp()
  const restore = useRestoreMutation(documentId)
  const signed = document.status === 'final'
  const canEdit = document.permission === 'edit'
  const disabledReason = signed
    ? t('history.restore.signed')
    : canEdit
      ? null
      : t('history.restore.readOnly')

  const fail = (error: unknown): void => {
    message.error(t('history.failed', { message: apiErrorMessage(t, error) }))
  }
  const undo = async (key: string, safetyVersionId: number, body: RestoreBody): Promise<void> => {
    message.destroy(key)
    try {
      await restore.mutateAsync({ versionId: safetyVersionId, ...body })
      message.success(t('history.restore.undone'))
    } catch (error) {
      fail(error)
    }
  }
  const run = async ({ version, body }: RestoreTarget): Promise<void> => {
    try {
      const result = await restore.mutateAsync({ versionId: version.id, ...body })
      const key = `restored-${result.restoredVersionId}`
      message.open({
        key,
        type: 'success',
        duration: 12,
        content: (
          <span data-testid="restore-done">
            {t('history.restore.done', { name: versionName(t, version) })}{' '}
            <Button
              type="link"
              size="small"
              data-testid="restore-undo"
              onClick={() => void undo(key, result.safetyVersionId, body)}
            >
              {t('history.restore.undo')}
            </Button>
          </span>
        ),
      })
    } catch (error) {
      fail(error)
    }
  }
  const start = (target: RestoreTarget): void => {
    const what: ReactNode =
      target.body.step !== undefined
        ? t('history.restore.confirmStep', { step: target.what })
        : target.body.section
          ? t('history.restore.confirmSection', { part: target.what })
          : t('history.restore.confirmWhole')
    modal.confirm({
      title: t('history.restore.confirmTitle', { name: versionName(t, target.version) }),
      content: (
        <div data-testid="restore-confirm">
          <p>{what}</p>
          <p>{t('history.restore.safety')}</p>
        </div>
      ),
      okText: t('history.restore.ok'),
      cancelText: t('history.restore.cancel'),
      okButtonProps: { className: 'restore-ok' },
      onOk: () => run(target),
    })
  }
  return { visible: canEdit || signed, disabledReason, pending: restore.isPending, start }
}

/** A restore button; disabled with its reason in a tooltip when restoring is not possible. */
export function RestoreButton({
  flow,
  target,
  label,
  testId,
  size,
}: {
  flow: RestoreFlow
  target: RestoreTarget | null
  label: string
  testId: string
  size?: 'small' | 'middle'
}) {
  if (!flow.visible) return null
  const button = (
    <Button
      size={size}
      disabled={flow.disabledReason !== null || target === null}
      loading={flow.pending}
      data-testid={testId}
      onClick={() => target && flow.start(target)}
    >
      {label}
    </Button>
  )
  return flow.disabledReason ? <Tooltip title={flow.disabledReason}>{button}</Tooltip> : button
}
