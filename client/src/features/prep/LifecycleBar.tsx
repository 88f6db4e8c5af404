import { Alert, App, Button, Form, Input, Modal, Space, Steps, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { DocumentStatus, PlanLifecycleInfo } from '../../../../shared/domain.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useDerivePersonalMutation, useTransitionMutation } from './api.ts'

/** Index of the current step in 初备 → 研讨 → 共案 → 个案. */
function currentStep(lifecycle: PlanLifecycleInfo): number {
  if (lifecycle.personal) return 3
  if (lifecycle.status === 'discussion') return 1
  if (lifecycle.status === 'final' || lifecycle.status === 'archived') return 2
  return 0
}

/** Why the caller cannot edit at this stage, if the stage is the reason. */
function whyReadOnly(lifecycle: PlanLifecycleInfo, permission: string): string | null {
  if (permission !== 'comment') return null
  if (lifecycle.personal) return 'prep.bar.whyPersonal'
  if (lifecycle.status === 'draft') return 'prep.bar.whyDraft'
  if (lifecycle.status === 'final') return 'prep.bar.whyFinal'
  return null
}

/**
 * The life-cycle bar of a plan: 初备 → 研讨 → 共案 → 个案 with the actions the caller may take
 * (submit, sign off, reopen, create my 个案), and why the caller cannot edit at this stage.
 */
export function LifecycleBar({
  lifecycle,
  permission,
}: {
  lifecycle: PlanLifecycleInfo
  permission: string
}) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const { message, modal } = App.useApp()
  const [deriving, setDeriving] = useState(false)
  const [form] = Form.useForm<{ className: string }>()
  const id = lifecycle.documentId
  const transition = useTransitionMutation(id)
  const derivePersonal = useDerivePersonalMutation(id)
  const busy = transition.isPending || derivePersonal.isPending

  const fail = (error: unknown): void => {
    message.error(t('prep.tasks.failed', { message: apiErrorMessage(t, error) }))
  }
  const move = async (to: DocumentStatus): Promise<void> => {
    try {
      await transition.mutateAsync(to)
    } catch (error) {
      fail(error)
    }
  }
  const confirmMove = (to: DocumentStatus, content: string): void => {
    modal.confirm({
      title: to === 'final' ? t('prep.bar.signOff') : t('prep.bar.reopen'),
      content,
      okText: t('prep.bar.ok'),
      cancelText: t('prep.bar.cancel'),
      onOk: () => move(to),
    })
  }
  const derive = async ({ className }: { className: string }): Promise<void> => {
    try {
      const created = await derivePersonal.mutateAsync(className)
      setDeriving(false)
      navigate(`/plans/${created.id}`)
    } catch (error) {
      fail(error)
    }
  }

  const allowed = new Set(lifecycle.allowedTransitions)
  const why = whyReadOnly(lifecycle, permission)
  const signed =
    lifecycle.signedBy && lifecycle.signedAt
      ? t('prep.bar.signed', {
          name: lifecycle.signedBy.displayName,
          date: new Date(lifecycle.signedAt).toLocaleDateString(i18n.language),
        })
      : null

  return (
    <div className="lifecycle-bar" data-testid="lifecycle-bar" data-stage={lifecycle.status}>
      <Steps
        size="small"
        current={currentStep(lifecycle)}
        items={[
          { title: t('prep.stages.draft') },
          { title: t('prep.stages.discussion') },
          { title: t('prep.stages.final') },
          { title: t('prep.stages.personal') },
        ]}
      />
      <div className="lifecycle-actions">
        <Space wrap>
          {lifecycle.personal && lifecycle.commonPlanId ? (
            <Typography.Text>
              {t('prep.bar.personalOf', { className: lifecycle.className ?? '' })}{' '}
              <Link to={`/plans/${lifecycle.commonPlanId}`}>{lifecycle.commonPlanTitle}</Link>
            </Typography.Text>
          ) : (
            lifecycle.mainPreparer && (
              <Typography.Text type="secondary">
                {t('prep.bar.mainPreparer', { name: lifecycle.mainPreparer.displayName })}
              </Typography.Text>
            )
          )}
          {signed && <Typography.Text type="secondary">{signed}</Typography.Text>}
        </Space>
        <Space wrap>
          {allowed.has('discussion') && lifecycle.status === 'draft' && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void move('discussion')}
              data-testid="submit-discussion"
            >
              {t('prep.bar.submit')}
            </Button>
          )}
          {allowed.has('final') && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => confirmMove('final', t('prep.bar.signOffConfirm'))}
              data-testid="sign-off"
            >
              {t('prep.bar.signOff')}
            </Button>
          )}
          {allowed.has('discussion') && lifecycle.status === 'final' && (
            <Button
              loading={busy}
              onClick={() => confirmMove('discussion', t('prep.bar.reopenConfirm'))}
              data-testid="reopen"
            >
              {t('prep.bar.reopen')}
            </Button>
          )}
          {lifecycle.myPersonalPlanIds.map((personalId) => (
            <Link key={personalId} to={`/plans/${personalId}`}>
              {t('prep.bar.openPersonal')}
            </Link>
          ))}
          {lifecycle.canDerivePersonal && (
            <Button
              type={lifecycle.myPersonalPlanIds.length === 0 ? 'primary' : 'default'}
              onClick={() => setDeriving(true)}
              data-testid="create-personal"
            >
              {t('prep.bar.createPersonal')}
            </Button>
          )}
        </Space>
      </div>
      {why && <Alert type="warning" showIcon message={t(why)} data-testid="stage-why" />}
      <Modal
        open={deriving}
        title={t('prep.bar.createPersonal')}
        okText={t('prep.bar.ok')}
        cancelText={t('prep.bar.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setDeriving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void derive(values)}>
          <Form.Item
            name="className"
            label={t('prep.bar.className')}
            rules={[
              {
                required: true,
                message: t('prep.tasks.required', { field: t('prep.bar.className') }),
              },
            ]}
          >
            <Input
              placeholder={t('prep.bar.classNamePlaceholder')}
              autoFocus
              data-testid="class-name"
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  )
}
