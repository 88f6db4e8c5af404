import { Button, Input, Select, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  MAX_STRENGTHS_LENGTH,
  MAX_SUGGESTION_LENGTH,
  MAX_SUGGESTIONS,
  type ObserverSheet,
  type PinnedStep,
  type PutCommentsBody,
} from '../../../../shared/observations/observationApi.ts'
import { newClientId, type SheetChange } from './sheetChanges.ts'

/** How long typing pauses before the comments are queued. */
const TYPING_PAUSE_MS = 800

/** The comments of the sheet as the request carries them. */
function commentsOf(sheet: ObserverSheet): PutCommentsBody {
  return {
    strengths: sheet.strengths,
    suggestions: sheet.suggestions.map(({ id, text, step }) => ({ id, text, step })),
  }
}

/**
 * 亮点 and 建议: edited here as a draft and queued (whole, PUT semantics) after a pause in
 * typing or when a field loses focus, so a phone does not send a request per keystroke.
 */
export function SheetComments({
  steps,
  sheet,
  readOnly,
  onChange,
}: {
  steps: PinnedStep[]
  sheet: ObserverSheet
  readOnly: boolean
  onChange: (change: SheetChange) => void
}) {
  const { t } = useTranslation()
  // Once edited here, the draft is what the fields show (the sheet only seeds it); the latest
  // draft is kept in a ref so that a pending timer or a blur never sends an older one.
  const [draft, setDraftState] = useState<PutCommentsBody | null>(null)
  const latest = useRef<PutCommentsBody | null>(null)
  const timer = useRef<number | undefined>(undefined)
  const value = draft ?? commentsOf(sheet)

  // An empty suggestion (just added) is not sent; it stays in the draft until it has text.
  const commit = () => {
    window.clearTimeout(timer.current)
    const next = latest.current
    if (!next) return
    const written = next.suggestions.filter((item) => item.text.trim() !== '')
    onChange({ kind: 'comments', comments: { ...next, suggestions: written } })
  }
  const edit = (next: PutCommentsBody, at: 'now' | 'pause') => {
    latest.current = next
    setDraftState(next)
    window.clearTimeout(timer.current)
    if (at === 'now') commit()
    else timer.current = window.setTimeout(commit, TYPING_PAUSE_MS)
  }
  useEffect(() => () => window.clearTimeout(timer.current), [])

  const setSuggestion = (id: string, patch: Partial<{ text: string; step: number | null }>) =>
    value.suggestions.map((item) => (item.id === id ? { ...item, ...patch } : item))

  return (
    <div className="sheet-comments">
      <Typography.Text strong>{t('observations.sheet.strengths')}</Typography.Text>
      <Input.TextArea
        value={value.strengths}
        disabled={readOnly}
        maxLength={MAX_STRENGTHS_LENGTH}
        autoSize={{ minRows: 3, maxRows: 10 }}
        placeholder={t('observations.sheet.strengthsPlaceholder')}
        data-testid="strengths"
        onChange={(event) => edit({ ...value, strengths: event.target.value }, 'pause')}
        onBlur={commit}
      />
      <Typography.Text strong>{t('observations.sheet.suggestions')}</Typography.Text>
      {value.suggestions.map((item) => (
        <div key={item.id} className="sheet-suggestion" data-testid="suggestion">
          <Select
            size="small"
            disabled={readOnly}
            value={item.step ?? 'none'}
            aria-label={t('observations.sheet.suggestionStep')}
            style={{ minWidth: 160 }}
            data-testid="suggestion-step"
            options={[
              { value: 'none', label: t('observations.sheet.suggestionNoStep') },
              ...steps.map((step) => ({ value: step.index, label: step.name })),
            ]}
            onChange={(step: number | 'none') =>
              edit(
                {
                  ...value,
                  suggestions: setSuggestion(item.id, { step: step === 'none' ? null : step }),
                },
                'now',
              )
            }
          />
          <Input.TextArea
            value={item.text}
            disabled={readOnly}
            maxLength={MAX_SUGGESTION_LENGTH}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={t('observations.sheet.suggestionPlaceholder')}
            data-testid="suggestion-text"
            onChange={(event) =>
              edit(
                { ...value, suggestions: setSuggestion(item.id, { text: event.target.value }) },
                'pause',
              )
            }
            onBlur={commit}
          />
          {!readOnly && (
            <Button
              type="link"
              size="small"
              onClick={() =>
                edit(
                  {
                    ...value,
                    suggestions: value.suggestions.filter((other) => other.id !== item.id),
                  },
                  'now',
                )
              }
            >
              {t('observations.sheet.removeSuggestion')}
            </Button>
          )}
        </div>
      ))}
      {!readOnly && value.suggestions.length < MAX_SUGGESTIONS && (
        <Button
          onClick={() =>
            edit(
              {
                ...value,
                suggestions: [...value.suggestions, { id: newClientId(), text: '', step: null }],
              },
              'pause',
            )
          }
          data-testid="suggestion-add"
        >
          {t('observations.sheet.addSuggestion')}
        </Button>
      )}
    </div>
  )
}
