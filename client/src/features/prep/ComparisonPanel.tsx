import { Alert, App, Button, Checkbox, Collapse, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DiffStatus, PartComparison } from '../../../../shared/editor/planDiff.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useBringInMutation, useComparison } from './api.ts'

const STATUS_COLORS: Record<DiffStatus, string> = {
  same: 'default',
  changed: 'orange',
  added: 'green',
  removed: 'red',
}

/** Which wording applies: a 个案 against its common plan, or an adaptation against the library. */
type CompareScope = 'compare' | 'compareLibrary'

/** One part side by side: the common plan's text and mine. */
function PartTexts({ part, scope }: { part: PartComparison; scope: CompareScope }) {
  const { t } = useTranslation()
  return (
    <div className="compare-columns">
      <div>
        <Typography.Text type="secondary">{t(`prep.${scope}.common`)}</Typography.Text>
        <pre className="compare-text">{part.leftText || t('prep.compare.empty')}</pre>
      </div>
      <div>
        <Typography.Text type="secondary">{t(`prep.${scope}.mine`)}</Typography.Text>
        <pre className="compare-text">{part.rightText || t('prep.compare.empty')}</pre>
      </div>
    </div>
  )
}

/**
 * "Compare with the common plan" on a 个案 (or with the library entry on an adapted plan): per part same / changed with both texts, and when the
 * common plan was signed again, the offer to bring its changes in (choosing conflicting parts).
 */
export function ComparisonPanel({ documentId, canEdit }: { documentId: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState(false)
  const comparison = useComparison(documentId, true)
  const { message } = App.useApp()
  const [chosen, setChosen] = useState<string[]>([])
  const bringInMutation = useBringInMutation(documentId)
  const language = i18n.language === 'en' ? 'en' : 'zh-CN'
  const data = comparison.data

  const bringIn = async (): Promise<void> => {
    try {
      const result = await bringInMutation.mutateAsync(chosen)
      message.success(
        t(`prep.${data?.source === 'library' ? 'compareLibrary' : 'compare'}.broughtIn`, {
          count: result.taken.length,
        }),
      )
      setChosen([])
    } catch (error) {
      message.error(t('prep.tasks.failed', { message: apiErrorMessage(t, error) }))
    }
  }

  if (!data) return null
  const scope: CompareScope = data.source === 'library' ? 'compareLibrary' : 'compare'
  const conflicts = data.merge.filter((part) => part.decision.startsWith('conflict'))
  const updates = data.merge.filter((part) => part.decision === 'take_theirs')
  const titleOf = (key: string): string =>
    data.withLatest.find((part) => part.key === key)?.title[language] ?? key
  const changed = data.withBase.filter((part) => part.status !== 'same')

  return (
    <div className="comparison-panel" data-testid="comparison-panel">
      {data.newerAvailable && canEdit && (
        <Alert
          type="info"
          showIcon
          data-testid="newer-common"
          message={t(`prep.${scope}.newer`)}
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">{t(`prep.${scope}.newerHint`)}</Typography.Text>
              {updates.length > 0 && (
                <div>
                  {t('prep.compare.willUpdate')}：
                  {updates.map((part) => (
                    <Tag key={part.key}>{titleOf(part.key)}</Tag>
                  ))}
                </div>
              )}
              {conflicts.length > 0 && (
                <Checkbox.Group
                  value={chosen}
                  onChange={(values) => setChosen(values.map(String))}
                  options={conflicts.map((part) => ({
                    value: part.key,
                    label: `${titleOf(part.key)} — ${t(`prep.${scope}.conflict`)}`,
                  }))}
                />
              )}
              <Button
                type="primary"
                loading={bringInMutation.isPending}
                onClick={() => void bringIn()}
                data-testid="bring-in"
              >
                {t(`prep.${scope}.bringIn`)}
              </Button>
            </Space>
          }
        />
      )}
      <Space className="comparison-head">
        <Typography.Text strong>{t(`prep.${scope}.title`)}</Typography.Text>
        {changed.length === 0 ? (
          <Tag>{t('prep.compare.nothing')}</Tag>
        ) : (
          changed.map((part) => (
            <Tag key={part.key} color={STATUS_COLORS[part.status]}>
              {part.title[language]}
            </Tag>
          ))
        )}
        <Button size="small" onClick={() => setOpen(!open)} data-testid="toggle-comparison">
          {open ? t('prep.compare.hide') : t(`prep.${scope}.show`)}
        </Button>
      </Space>
      {open && (
        <Collapse
          size="small"
          items={data.withLatest.map((part) => ({
            key: part.key,
            label: (
              <Space>
                {part.title[language]}
                <Tag color={STATUS_COLORS[part.status]}>{t(`prep.compare.${part.status}`)}</Tag>
              </Space>
            ),
            children: <PartTexts part={part} scope={scope} />,
          }))}
          defaultActiveKey={data.withLatest.filter((p) => p.status !== 'same').map((p) => p.key)}
        />
      )}
    </div>
  )
}
