import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { AnyExtension, Node as TiptapNode } from '@tiptap/core'
import {
  NodeViewContent,
  type NodeViewProps,
  NodeViewWrapper,
  ReactNodeViewRenderer,
} from '@tiptap/react'
import { Button, Input, InputNumber, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { normalizeHeader } from '../../../shared/editor/header.ts'
import { minutesOf } from '../../../shared/editor/minutes.ts'
import { stepJSON } from '../../../shared/editor/planContent.ts'
import {
  type BilingualLabel,
  HEADER_FIELDS,
  PERIOD_MINUTES,
  PLAN_HEADER_NODE,
  PROCESS_STEP_NODE,
  STEP_COLUMNS,
  sectionByNode,
} from '../../../shared/editor/planSchema.ts'

function useLabel(): (label: BilingualLabel) => string {
  const { i18n } = useTranslation()
  return (label) => (i18n.language === 'en' ? label.en : label['zh-CN'])
}

/** The plan header as a small form: each field is an attribute of the header node. */
function HeaderView({ node, updateAttributes, editor }: NodeViewProps) {
  const label = useLabel()
  const header = normalizeHeader(node.attrs)
  const disabled = !editor.isEditable
  return (
    <NodeViewWrapper
      as="header"
      className="plan-header"
      data-plan-header=""
      contentEditable={false}
    >
      <Input
        className="plan-header-title"
        variant="borderless"
        value={header.lessonTitle}
        disabled={disabled}
        placeholder={label(
          HEADER_FIELDS.find((field) => field.key === 'lessonTitle')?.label ?? {
            'zh-CN': '课题',
            en: 'Title',
          },
        )}
        onChange={(event) => updateAttributes({ lessonTitle: event.target.value })}
        data-testid="header-lessonTitle"
      />
      <div className="plan-header-grid">
        {HEADER_FIELDS.filter((field) => field.key !== 'lessonTitle').map((field) => (
          <div key={field.key} className="plan-header-field">
            <span id={`header-label-${field.key}`}>{label(field.label)}</span>
            {field.key === 'periodMinutes' ? (
              <Select
                size="small"
                value={header.periodMinutes}
                disabled={disabled}
                options={PERIOD_MINUTES.map((minutes) => ({
                  value: minutes,
                  label: String(minutes),
                }))}
                onChange={(value) => updateAttributes({ periodMinutes: value })}
                aria-labelledby={`header-label-${field.key}`}
                data-testid="header-periodMinutes"
              />
            ) : field.kind === 'number' ? (
              <InputNumber
                size="small"
                min={1}
                max={20}
                value={Number(header[field.key])}
                disabled={disabled}
                onChange={(value) => updateAttributes({ [field.key]: value ?? 1 })}
                aria-labelledby={`header-label-${field.key}`}
              />
            ) : (
              <Input
                size="small"
                value={String(header[field.key])}
                disabled={disabled}
                onChange={(event) => updateAttributes({ [field.key]: event.target.value })}
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
  const section = sectionByNode(node.type.name)
  return (
    <NodeViewWrapper as="section" data-section={section?.key}>
      <h2 contentEditable={false} className="section-title">
        {section ? label(section.label) : node.type.name}
      </h2>
      <NodeViewContent className="section-body" />
    </NodeViewWrapper>
  )
}

/** A 教学过程 step: its name and minutes, then the three columns. */
function StepView({ node, updateAttributes, editor, getPos, deleteNode }: NodeViewProps) {
  const { t } = useTranslation()
  const label = useLabel()
  const disabled = !editor.isEditable
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
  return (
    <NodeViewWrapper className="process-step" data-process-step="">
      <div className="process-step-head" contentEditable={false}>
        <Input
          size="small"
          value={String(node.attrs.name ?? '')}
          placeholder={t('editor.stepName')}
          disabled={disabled}
          onChange={(event) => updateAttributes({ name: event.target.value })}
          className="process-step-name"
          data-testid="step-name"
        />
        <InputNumber
          size="small"
          min={0}
          max={240}
          value={minutesOf(node.attrs.minutes)}
          disabled={disabled}
          addonAfter={t('editor.minutes')}
          onChange={(value) => updateAttributes({ minutes: value ?? 0 })}
          data-testid="step-minutes"
        />
        {!disabled && (
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
        )}
      </div>
      <div className="process-step-columns-head" contentEditable={false}>
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
