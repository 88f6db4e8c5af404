import { Button, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  MAX_NOTE_LENGTH,
  type ObserverSheet,
  type PinnedStep,
} from '../../../../shared/observations/observationApi.ts'
import { formatClock } from './format.ts'
import { currentStepOf } from './SheetSteps.tsx'
import { newClientId, type SheetChange } from './sheetChanges.ts'

/** The name of a step by index (or 整节课 for none). */
function useStepName(steps: PinnedStep[]): (index: number | null) => string {
  const { t } = useTranslation()
  return (index) =>
    index === null
      ? t('observations.sheet.noteGeneral')
      : (steps.find((item) => item.index === index)?.name ?? String(index + 1))
}

/** The quick note field: a timestamped note on the step running now (or another one chosen). */
export function NoteInput({
  steps,
  sheet,
  onChange,
}: {
  steps: PinnedStep[]
  sheet: ObserverSheet
  onChange: (change: SheetChange) => void
}) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const current = currentStepOf(sheet)
  const [chosen, setChosen] = useState<number | 'general' | 'current'>('current')
  const step = chosen === 'current' ? current : chosen === 'general' ? null : chosen
  const stepName = useStepName(steps)

  const add = () => {
    const trimmed = text.trim()
    if (!trimmed) return
    const at = Date.now()
    onChange({
      kind: 'note',
      id: newClientId(),
      note: { step, text: trimmed, at, editedAt: at },
    })
    setText('')
  }

  return (
    <div className="sheet-note-input">
      <Select
        size="small"
        value={chosen}
        style={{ minWidth: 160 }}
        aria-label={t('observations.sheet.noteStep')}
        onChange={setChosen}
        options={[
          {
            value: 'current',
            label: `${t('observations.sheet.currentStep')}：${stepName(current)}`,
          },
          ...steps.map((item) => ({ value: item.index, label: item.name })),
          { value: 'general', label: t('observations.sheet.noteGeneral') },
        ]}
      />
      <Input.TextArea
        value={text}
        maxLength={MAX_NOTE_LENGTH}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={
          step === null
            ? t('observations.sheet.notePlaceholderGeneral')
            : t('observations.sheet.notePlaceholder', { step: stepName(step) })
        }
        data-testid="note-text"
        onChange={(event) => setText(event.target.value)}
        onPressEnter={(event) => {
          if (!event.shiftKey) {
            event.preventDefault()
            add()
          }
        }}
      />
      <Button type="primary" size="large" onClick={add} data-testid="note-add">
        {t('observations.sheet.addNote')}
      </Button>
    </div>
  )
}

/** The notes taken so far, newest first; each can be deleted (a tombstone the server keeps). */
export function NoteList({
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
  const { t, i18n } = useTranslation()
  const stepName = useStepName(steps)
  return (
    <List
      size="small"
      dataSource={[...sheet.notes].reverse()}
      locale={{ emptyText: t('observations.sheet.noNotes') }}
      data-testid="sheet-notes"
      renderItem={(note) => (
        <List.Item
          data-testid="sheet-note"
          actions={
            readOnly
              ? []
              : [
                  <Popconfirm
                    key="delete"
                    title={t('observations.sheet.deleteNote')}
                    onConfirm={() =>
                      onChange({
                        kind: 'note',
                        id: note.id,
                        note: {
                          step: note.step,
                          point: note.point,
                          text: note.text,
                          at: note.at,
                          editedAt: Math.max(Date.now(), note.editedAt + 1),
                          deleted: true,
                        },
                      })
                    }
                  >
                    <Button type="link" size="small">
                      {t('observations.sheet.deleteNote')}
                    </Button>
                  </Popconfirm>,
                ]
          }
        >
          <div>
            <Space size={6}>
              <Typography.Text type="secondary">
                {formatClock(note.at, i18n.language)}
              </Typography.Text>
              <Tag>{stepName(note.step)}</Tag>
            </Space>
            <div className="sheet-note-text">{note.text}</div>
          </div>
        </List.Item>
      )}
    />
  )
}
