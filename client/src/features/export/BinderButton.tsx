import { BookOutlined } from '@ant-design/icons'
import { Alert, Button, Modal, Progress, Space, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, client } from '../../api/client.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { downloadFile } from './download.ts'

/** How often the job's progress is asked for. */
const POLL_MS = 500

/** What the dialog shows of a binder build. */
type BinderView =
  | { step: 'starting' }
  | { step: 'running'; done: number; total: number }
  | { step: 'done'; jobId: string; fileName: string; total: number }
  | { step: 'failed'; message: string }

async function jobStatus(jobId: string) {
  return call(client['binder-jobs'][':id'].$get({ param: { id: jobId } }))
}

/**
 * 「导出学期备课册」 on a group's task page: starts the binder job, shows its progress
 * (n / total plans) and downloads the .docx when it is done.
 */
export function BinderButton({ groupId }: { groupId: string }) {
  const { t } = useTranslation()
  const [view, setView] = useState<BinderView | null>(null)
  const run = useRef(0)

  useEffect(() => {
    return () => {
      run.current += 1
    }
  }, [])

  const build = async () => {
    const current = ++run.current
    const alive = () => run.current === current
    setView({ step: 'starting' })
    try {
      const { jobId } = await call(
        client.groups[':id'].binder.$post({ param: { id: groupId }, json: {} }),
      )
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
        if (!alive()) return
        const job = await jobStatus(jobId)
        if (!alive()) return
        if (job.status === 'failed') {
          setView({ step: 'failed', message: job.error ?? '' })
          return
        }
        if (job.status === 'done') {
          setView({ step: 'done', jobId, fileName: job.fileName, total: job.total })
          await downloadFile(`/api/binder-jobs/${encodeURIComponent(jobId)}/file`, job.fileName)
          return
        }
        setView({ step: 'running', done: job.done, total: job.total })
      }
    } catch (error) {
      if (alive()) setView({ step: 'failed', message: apiErrorMessage(t, error) })
    }
  }

  const close = () => {
    run.current += 1
    setView(null)
  }

  return (
    <>
      <Button icon={<BookOutlined />} onClick={() => void build()} data-testid="binder-button">
        {t('planExport.binder.button')}
      </Button>
      <Modal
        open={view !== null}
        title={t('planExport.binder.title')}
        onCancel={close}
        footer={
          <Space>
            {view?.step === 'done' && (
              <Button
                onClick={() =>
                  void downloadFile(`/api/binder-jobs/${view.jobId}/file`, view.fileName).catch(
                    (error: unknown) =>
                      setView({ step: 'failed', message: apiErrorMessage(t, error) }),
                  )
                }
              >
                {t('planExport.binder.downloadAgain')}
              </Button>
            )}
            <Button onClick={close} data-testid="binder-close">
              {t('planExport.binder.close')}
            </Button>
          </Space>
        }
      >
        <BinderProgress view={view} />
      </Modal>
    </>
  )
}

function BinderProgress({ view }: { view: BinderView | null }) {
  const { t } = useTranslation()
  if (!view) return null
  if (view.step === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        message={t('planExport.binder.failed', { message: view.message })}
        data-testid="binder-error"
      />
    )
  }
  const finished = view.step === 'done'
  const total = view.step === 'running' || finished ? view.total : 0
  const done = view.step === 'running' ? view.done : finished ? view.total : 0
  const packing = view.step === 'running' && total > 0 && done === total
  const label = finished
    ? t('planExport.binder.done', { fileName: view.fileName })
    : view.step === 'starting'
      ? t('planExport.binder.starting')
      : packing
        ? t('planExport.binder.packing')
        : t('planExport.binder.progress', { done, total })
  return (
    <div
      data-testid={finished ? 'binder-done' : 'binder-progress'}
      data-done={done}
      data-total={total}
    >
      <Progress
        percent={finished ? 100 : total > 0 ? Math.floor((done / total) * 100) : 0}
        format={() => (total > 0 ? `${done} / ${total}` : '')}
        status={finished ? 'success' : 'active'}
      />
      <Typography.Text type={finished ? undefined : 'secondary'}>{label}</Typography.Text>
    </div>
  )
}
