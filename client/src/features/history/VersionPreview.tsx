import type { JSONContent } from '@tiptap/core'
import { Alert, Button, Select, Space, Spin, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PlanPartKey } from '../../../../shared/editor/planDiff.ts'
import { PLAN_PART_KEYS, partTitle, planPart } from '../../../../shared/editor/planDiff.ts'
import { PROCESS_STEP_NODE } from '../../../../shared/editor/planSchema.ts'
import type { VersionSummary } from '../../../../shared/history/versionApi.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { ReadOnlyPlan } from '../documents/index.ts'
import { useVersion } from './api.ts'
import { labelLanguage, timeOf, versionName } from './labels.ts'
import { PersonTag } from './PersonTag.tsx'
import { RestoreButton, type RestoreFlow } from './restore.tsx'

/** The 教学过程 steps of a plan's JSON: position and name. */
function stepsOf(plan: JSONContent): { index: number; name: string }[] {
  return (planPart(plan, 'process')?.content ?? [])
    .filter((node) => node.type === PROCESS_STEP_NODE)
    .map((step, index) => ({
      index,
      name: typeof step.attrs?.name === 'string' ? step.attrs.name : '',
    }))
}

/**
 * A version read-only in the plan's layout (no live editor), with what restores it: the whole
 * plan, one part, or one 教学过程 step.
 */
export function VersionPreview({
  documentId,
  summary,
  onCompareLive,
  restore,
}: {
  documentId: string
  summary: VersionSummary
  onCompareLive: () => void
  restore: RestoreFlow
}) {
  const { t, i18n } = useTranslation()
  const language = labelLanguage(i18n.language)
  const version = useVersion(documentId, summary.id)
  const [section, setSection] = useState<PlanPartKey | null>(null)
  const [step, setStep] = useState<number | null>(null)
  const steps = useMemo(() => (version.data ? stepsOf(version.data.plan) : []), [version.data])
  const stepLabel = (index: number): string =>
    t('history.restore.stepName', { index: index + 1, name: steps[index]?.name ?? '' })

  return (
    <div className="history-preview" data-testid="history-preview">
      <div className="history-pane-head">
        <div>
          <Typography.Title level={5} className="history-pane-title" data-testid="preview-title">
            {t('history.previewOf', { name: versionName(t, summary) })}
          </Typography.Title>
          <Space wrap size={4}>
            <Tag>{t(`history.kinds.${summary.kind}`)}</Tag>
            <Typography.Text type="secondary">
              {new Date(summary.createdAt).toLocaleDateString(language)}{' '}
              {timeOf(summary.createdAt, i18n.language)}
            </Typography.Text>
            {summary.createdBy && <PersonTag person={summary.createdBy} />}
          </Space>
        </div>
        <Button onClick={onCompareLive} data-testid="compare-live">
          {t('history.compareWithLive')}
        </Button>
      </div>
      {restore.visible && (
        <div className="history-restore" data-testid="restore-actions">
          {restore.disabledReason && (
            <Alert
              type="info"
              showIcon
              message={restore.disabledReason}
              data-testid="restore-why"
            />
          )}
          <div className="history-restore-row">
            <RestoreButton
              flow={restore}
              label={t('history.restore.whole')}
              testId="restore-whole"
              target={{ version: summary, body: {} }}
            />
            <Space.Compact className="history-restore-pick">
              <Select<PlanPartKey>
                className="history-select"
                placeholder={t('history.restore.chooseSection')}
                value={section ?? undefined}
                onChange={setSection}
                disabled={restore.disabledReason !== null}
                options={PLAN_PART_KEYS.map((key) => ({
                  value: key,
                  label: partTitle(key)[language],
                }))}
                data-testid="restore-section-select"
              />
              <RestoreButton
                flow={restore}
                label={t('history.restore.section')}
                testId="restore-section"
                target={
                  section
                    ? { version: summary, body: { section }, what: partTitle(section)[language] }
                    : null
                }
              />
            </Space.Compact>
            {steps.length > 0 && (
              <Space.Compact className="history-restore-pick">
                <Select<number>
                  className="history-select"
                  placeholder={t('history.restore.chooseStep')}
                  value={step ?? undefined}
                  onChange={setStep}
                  disabled={restore.disabledReason !== null}
                  options={steps.map((item) => ({
                    value: item.index,
                    label: stepLabel(item.index),
                  }))}
                  data-testid="restore-step-select"
                />
                <RestoreButton
                  flow={restore}
                  label={t('history.restore.step')}
                  testId="restore-step"
                  target={
                    step === null
                      ? null
                      : {
                          version: summary,
                          body: { section: 'process', step },
                          what: stepLabel(step),
                        }
                  }
                />
              </Space.Compact>
            )}
          </div>
        </div>
      )}
      <Typography.Text type="secondary">{t('history.readOnlyNote')}</Typography.Text>
      {version.isPending && <Spin />}
      {version.isError && (
        <Alert type="error" showIcon message={apiErrorMessage(t, version.error)} />
      )}
      {version.data && (
        <div className="plan-sheet history-sheet">
          <ReadOnlyPlan json={version.data.plan} testId="version-plan" />
        </div>
      )}
    </div>
  )
}
