import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { AnyExtension, Node as TiptapNode } from '@tiptap/core'
import {
  NodeViewContent,
  type NodeViewProps,
  NodeViewWrapper,
  ReactNodeViewRenderer,
} from '@tiptap/react'
import { Button, Input, InputNumber, Select } from 'antd'
import type { KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { normalizeHeader } from '../../../../../shared/editor/header.ts'
import { minutesOf } from '../../../../../shared/editor/minutes.ts'
import { stepJSON } from '../../../../../shared/editor/planContent.ts'
import {
  type BilingualLabel,
  HEADER_FIELDS,
  PERIOD_MINUTES,
  PLAN_HEADER_NODE,
  PROCESS_STEP_NODE,
  STEP_COLUMNS,
  sectionByNode,
} from '../../../../../shared/editor/planSchema.ts'
import { planUndoKeys } from './inputUndo.ts'
import { STEP_FIELD_ATTRIBUTE, type StepField, tabFromField } from './stepNavigation.ts'

function useLabel(): (label: BilingualLabel) => string {
  const { i18n } = useTranslation()
  return (label) => (i18n.language === 'en' ? label.en : label['zh-CN'])
}

/** The interface language, for `lang` on labels inside the (Chinese) plan text. */
function useInterfaceLang(): string {
  return useTranslation().i18n.language
}

/** A header value as readable text (read-only plans); a dash when it is empty. */
function HeaderValue({ value, testId }: { value: string; testId?: string }) {
  return (
    <span className="plan-header-value" lang="zh-CN" data-testid={testId}>
      {value.trim() === '' ? '—' : value}
    </span>
  )
}

/** The plan header as a small form (as text when read-only): each field is a node attribute. */
function HeaderView({ node, updateAttributes, editor }: NodeViewProps) {
  const label = useLabel()
  const lang = useInterfaceLang()
  const header = normalizeHeader(node.attrs)
  const readOnly = !editor.isEditable
  const undoKeys = planUndoKeys(editor)
  return (
    <NodeViewWrapper
      as="header"
      className={readOnly ? 'plan-header plan-header-read-only' : 'plan-header'}
      data-plan-header=""
      contentEditable={false}
    >
      {readOnly ? (
        <div className="plan-header-title plan-header-title-text" lang="zh-CN">
          <span data-testid="header-lessonTitle">{header.lessonTitle}</span>
        </div>
      ) : (
        <Input
          className="plan-header-title"
          variant="borderless"
          value={header.lessonTitle}
          lang="zh-CN"
          placeholder={label(
            HEADER_FIELDS.find((field) => field.key === 'lessonTitle')?.label ?? {
              'zh-CN': '课题',
              en: 'Title',
            },
          )}
          onChange={(event) => updateAttributes({ lessonTitle: event.target.value })}
          onKeyDown={undoKeys}
          data-testid="header-lessonTitle"
        />
      )}
      <div className="plan-header-grid">
        {HEADER_FIELDS.filter((field) => field.key !== 'lessonTitle').map((field) => (
          <div key={field.key} className="plan-header-field">
            <span id={`header-label-${field.key}`} lang={lang}>
              {label(field.label)}
            </span>
            {readOnly ? (
              <HeaderValue value={String(header[field.key])} testId={`header-${field.key}`} />
            ) : field.key === 'periodMinutes' ? (
              <Select
                size="small"
                value={header.periodMinutes}
                options={PERIOD_MINUTES.map((minutes) => ({
                  value: minutes,
                  label: String(minutes),
                }))}
                onChange={(value) => updateAttributes({ periodMinutes: value })}
                onKeyDown={undoKeys}
                aria-labelledby={`header-label-${field.key}`}
                data-testid="header-periodMinutes"
              />
            ) : field.kind === 'number' ? (
              <InputNumber
                size="small"
                min={1}
                max={20}
                value={Number(header[field.key])}
                onChange={(value) => updateAttributes({ [field.key]: value ?? 1 })}
                onKeyDown={undoKeys}
                aria-labelledby={`header-label-${field.key}`}
              />
            ) : (
              <Input
                size="small"
                value={String(header[field.key])}
                lang="zh-CN"
                onChange={(event) => updateAttributes({ [field.key]: event.target.value })}
                onKeyDown={undoKeys}
                aria-labelledby={`header-label-${field.key}`}
                data-testid={`header-${field.key}`}
              />
            )}
          </div>
        ))}
      </div>
    </NodeViewWrapper>
  )
}

/** A section with its title in the interface language; the title is not part of the text. */
function SectionView({ node }: NodeViewProps) {
  const label = useLabel()
  const lang = useInterfaceLang()
  const section = sectionByNode(node.type.name)
  return (
    <NodeViewWrapper as="section" data-section={section?.key}>
      <h2 contentEditable={false} className="section-title" lang={lang}>
        {section ? label(section.label) : node.type.name}
      </h2>
      <NodeViewContent className="section-body" />
    </NodeViewWrapper>
  )
}

/** A 教学过程 step: its name and minutes (as text when read-only), then the three columns. */
function StepView({ node, updateAttributes, editor, getPos, deleteNode }: NodeViewProps) {
  const { t } = useTranslation()
  const label = useLabel()
  const lang = useInterfaceLang()
  const readOnly = !editor.isEditable
  const addAfter = (): void => {
    const position = getPos()
    if (position === undefined) return
    editor
      .chain()
      .insertContentAt(
        position + node.nodeSize,
        stepJSON({ name: '', minutes: 0, teacher: '', student: '', intent: '' }),
      )
      .run()
  }
  // Tab moves between the step's cells as in a Word table, never out to the plan's title;
  // Ctrl+Z and Ctrl+Y undo and redo in the plan's history.
  const undoKeys = planUndoKeys(editor)
  const onKeyDown =
    (field: StepField) =>
    (event: KeyboardEvent<HTMLInputElement>): void => {
      undoKeys(event)
      if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return
      const position = getPos()
      if (position === undefined) return
      event.preventDefault()
      tabFromField(editor, position, field, event.shiftKey)
    }
  const minutes = minutesOf(node.attrs.minutes)
  const name = String(node.attrs.name ?? '')
  return (
    <NodeViewWrapper className="process-step" data-process-step="">
      <div className="process-step-head" contentEditable={false}>
        {readOnly ? (
          <span className="process-step-title" lang="zh-CN">
            <strong data-testid="step-name">{name}</strong>
            <span className="process-step-minutes" data-testid="step-minutes" lang={lang}>
              {t('editor.stepMinutes', { minutes })}
            </span>
          </span>
        ) : (
          <>
            <Input
              size="small"
              value={name}
              lang="zh-CN"
              placeholder={t('editor.stepName')}
              onChange={(event) => updateAttributes({ name: event.target.value })}
              onKeyDown={onKeyDown('name')}
              className="process-step-name"
              data-testid="step-name"
              {...{ [STEP_FIELD_ATTRIBUTE]: 'name' }}
            />
            <InputNumber
              size="small"
              min={0}
              max={240}
              value={minutes}
              addonAfter={t('editor.minutes')}
              onChange={(value) => updateAttributes({ minutes: value ?? 0 })}
              onKeyDown={onKeyDown('minutes')}
              data-testid="step-minutes"
              {...{ [STEP_FIELD_ATTRIBUTE]: 'minutes' }}
            />
            <span className="process-step-actions">
              <Button size="small" type="text" icon={<PlusOutlined />} onClick={addAfter}>
                {t('editor.addStep')}
              </Button>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('editor.removeStep')}
                onClick={() => deleteNode()}
              />
            </span>
          </>
        )}
      </div>
      <div className="process-step-columns-head" contentEditable={false} lang={lang}>
        {STEP_COLUMNS.map((column) => (
          <div key={column.key}>{label(column.label)}</div>
        ))}
      </div>
      <NodeViewContent className="process-step-columns" />
    </NodeViewWrapper>
  )
}

/** A step column: its content; the title shows above the three columns, or inline when they stack. */
function ColumnView({ node }: NodeViewProps) {
  const label = useLabel()
  const column = STEP_COLUMNS.find((candidate) => candidate.node === node.type.name)
  return (
    <NodeViewWrapper
      className="step-column"
      data-column={column?.key}
      data-label={column ? label(column.label) : undefined}
    >
      <NodeViewContent />
    </NodeViewWrapper>
  )
}

/** Adds the browser's node views to the shared extension list (the schema stays identical). */
export function withNodeViews(extensions: AnyExtension[]): AnyExtension[] {
  const columnNodes = new Set(STEP_COLUMNS.map((column) => column.node))
  return extensions.map((extension) => {
    if (extension.type !== 'node') return extension
    const node = extension as TiptapNode
    if (node.name === PLAN_HEADER_NODE) {
      return node.extend({ addNodeView: () => ReactNodeViewRenderer(HeaderView) })
    }
    if (node.name === PROCESS_STEP_NODE) {
      return node.extend({ addNodeView: () => ReactNodeViewRenderer(StepView) })
    }
    if (columnNodes.has(node.name)) {
      return node.extend({ addNodeView: () => ReactNodeViewRenderer(ColumnView) })
    }
    if (sectionByNode(node.name)) {
      return node.extend({ addNodeView: () => ReactNodeViewRenderer(SectionView) })
    }
    return extension
  })
}
