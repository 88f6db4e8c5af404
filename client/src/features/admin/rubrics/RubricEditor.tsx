import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Input, InputNumber, Modal, Space, Typography } from 'antd'
import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../../api/ApiError.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import {
  DRAFT_LIMITS,
  draftProblems,
  freshKey,
  MAX_ITEM_WEIGHT,
  type RubricDraft,
  weightSum,
} from './draft.ts'
import { useRowKeys } from './rowKeys.ts'

/** Props of {@link RubricEditor}. */
export interface RubricEditorProps {
  title: string
  saveLabel: string
  /** The draft to start from (remount the editor with a `key` to start again). */
  initial: RubricDraft
  saving: boolean
  /** The last failed save, shown with the server's own message. */
  error: unknown
  /** Shown above the form (e.g. the rubric to copy from). */
  header?: ReactNode
  onSave: (draft: RubricDraft) => void
  onClose: () => void
}

/** A small remove button with an accessible name. */
function RemoveButton(props: {
  label: string
  disabled?: boolean
  testId: string
  onClick: () => void
}) {
  return (
    <Button
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={props.onClick}
    />
  )
}

/**
 * The rubric editor (a dialog): names, weights and points of the items, the scale, bonus items and
 * grade thresholds; the weights' sum live, and the save refused while the server would refuse it.
 */
export function RubricEditor(props: RubricEditorProps) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<RubricDraft>(props.initial)
  const change = (edit: (next: RubricDraft) => void) =>
    setDraft((previous) => {
      const next = structuredClone(previous)
      edit(next)
      return next
    })
  const scaleKeys = useRowKeys(props.initial.definition.scale.length)
  const gradeKeys = useRowKeys(props.initial.definition.grades.length)
  const { definition } = draft
  const problems = draftProblems(draft)
  const sum = weightSum(definition)
  const e = (key: string, values?: Record<string, string | number>) =>
    t(`admin.rubrics.editor.${key}`, values)
  const serverMessage =
    props.error instanceof ApiError && props.error.code === 'invalid_rubric'
      ? e('serverRefused', { message: props.error.message })
      : null
  return (
    <Modal
      open
      width={880}
      title={props.title}
      onCancel={props.onClose}
      maskClosable={false}
      // The body scrolls, so the footer (the weights' sum and 保存) stays in sight.
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingRight: 8 } }}
      centered
      footer={
        <div className="rubric-editor-footer">
          <Typography.Text strong data-testid="rubric-weight-sum" aria-live="polite">
            {e('weightSum', { sum })}
          </Typography.Text>
          <Space>
            <Button onClick={props.onClose}>{e('cancel')}</Button>
            <Button
              type="primary"
              loading={props.saving}
              disabled={problems.length > 0}
              data-testid="rubric-editor-save"
              onClick={() => props.onSave(draft)}
            >
              {props.saveLabel}
            </Button>
          </Space>
        </div>
      }
    >
      <div data-testid="rubric-editor">
        {props.header}
        <Alert type="info" showIcon title={e('keepNote')} style={{ marginBottom: 16 }} />
        <div className="rubric-editor-row">
          <label htmlFor="rubric-editor-name">{e('name')}</label>
          <Input
            id="rubric-editor-name"
            className="rubric-editor-grow"
            data-testid="rubric-editor-name"
            maxLength={80}
            value={draft.name}
            onChange={(event) =>
              change((next) => {
                next.name = event.target.value
              })
            }
          />
        </div>
        <div className="rubric-editor-row">
          <label htmlFor="rubric-editor-description">{e('description')}</label>
          <Input
            id="rubric-editor-description"
            className="rubric-editor-grow"
            maxLength={500}
            value={draft.description}
            onChange={(event) =>
              change((next) => {
                next.description = event.target.value
              })
            }
          />
        </div>

        <Typography.Title level={5}>{e('items')}</Typography.Title>
        <Typography.Paragraph type="secondary">{e('weightSumHint')}</Typography.Paragraph>
        {sum !== 100 && sum > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="rubric-weight-sum-warning"
            title={e('weightSumNot100', { sum })}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {definition.items.map((item, itemIndex) => (
          <div
            key={item.key}
            className="rubric-editor-item"
            data-testid={`rubric-editor-item-${itemIndex}`}
          >
            <div className="rubric-editor-row">
              <Input
                className="rubric-editor-grow"
                aria-label={e('itemName')}
                placeholder={e('itemName')}
                data-testid={`rubric-editor-item-name-${itemIndex}`}
                maxLength={200}
                value={item.name}
                onChange={(event) =>
                  change((next) => {
                    const target = next.definition.items[itemIndex]
                    if (target) target.name = event.target.value
                  })
                }
              />
              <span className="rubric-editor-weight">
                <span>{e('itemWeight')}</span>
                <InputNumber
                  aria-label={`${item.name} ${e('itemWeight')}`}
                  data-testid={`rubric-editor-weight-${itemIndex}`}
                  min={0}
                  max={MAX_ITEM_WEIGHT}
                  value={item.weight}
                  onChange={(value) =>
                    change((next) => {
                      const target = next.definition.items[itemIndex]
                      if (target) target.weight = value ?? 0
                    })
                  }
                />
              </span>
              <RemoveButton
                label={e('removeItem')}
                testId={`rubric-editor-remove-item-${itemIndex}`}
                disabled={definition.items.length <= 1}
                onClick={() =>
                  change((next) => {
                    next.definition.items.splice(itemIndex, 1)
                  })
                }
              />
            </div>
            {item.points.map((point, pointIndex) => (
              <div key={point.key} className="rubric-editor-row">
                <Typography.Text type="secondary">{pointIndex + 1}.</Typography.Text>
                <Input.TextArea
                  className="rubric-editor-grow"
                  autoSize
                  aria-label={e('pointText')}
                  placeholder={e('pointText')}
                  maxLength={200}
                  value={point.text}
                  onChange={(event) =>
                    change((next) => {
                      const target = next.definition.items[itemIndex]?.points[pointIndex]
                      if (target) target.text = event.target.value
                    })
                  }
                />
                <RemoveButton
                  label={e('removePoint')}
                  testId={`rubric-editor-remove-point-${itemIndex}-${pointIndex}`}
                  disabled={item.points.length <= 1}
                  onClick={() =>
                    change((next) => {
                      next.definition.items[itemIndex]?.points.splice(pointIndex, 1)
                    })
                  }
                />
              </div>
            ))}
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={item.points.length >= DRAFT_LIMITS.points}
              data-testid={`rubric-editor-add-point-${itemIndex}`}
              onClick={() =>
                change((next) =>
                  next.definition.items[itemIndex]?.points.push({
                    key: freshKey(next.definition, item.key),
                    text: '',
                  }),
                )
              }
            >
              {e('addPoint')}
            </Button>
          </div>
        ))}
        <Button
          icon={<PlusOutlined />}
          disabled={definition.items.length >= DRAFT_LIMITS.items}
          data-testid="rubric-editor-add-item"
          onClick={() =>
            change((next) => {
              const key = freshKey(next.definition, 'item')
              next.definition.items.push({
                key,
                name: '',
                weight: 10,
                points: [{ key: `${key}.1`, text: '' }],
              })
            })
          }
        >
          {e('addItem')}
        </Button>

        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {e('scale')}
        </Typography.Title>
        {definition.scale.map((level, index) => (
          <div key={scaleKeys.keys[index]} className="rubric-editor-row">
            <Input
              style={{ width: 120 }}
              aria-label={e('levelLabel')}
              placeholder={e('levelLabel')}
              maxLength={200}
              value={level.label}
              onChange={(event) =>
                change((next) => {
                  const target = next.definition.scale[index]
                  if (target) target.label = event.target.value
                })
              }
            />
            <span>=</span>
            <InputNumber
              aria-label={`${level.label} ${e('levelValue')}`}
              min={0}
              max={100}
              precision={0}
              value={level.value}
              onChange={(value) =>
                change((next) => {
                  const target = next.definition.scale[index]
                  if (target) target.value = value ?? 0
                })
              }
            />
            <RemoveButton
              label={e('removeLevel')}
              testId={`rubric-editor-remove-level-${index}`}
              disabled={definition.scale.length <= 2}
              onClick={() => {
                scaleKeys.remove(index)
                change((next) => {
                  next.definition.scale.splice(index, 1)
                })
              }}
            />
          </div>
        ))}
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={definition.scale.length >= DRAFT_LIMITS.levels}
          onClick={() => {
            scaleKeys.add()
            change((next) => {
              const lowest = Math.min(...next.definition.scale.map((level) => level.value))
              next.definition.scale.push({ label: '', value: Math.max(0, lowest - 1) })
            })
          }}
        >
          {e('addLevel')}
        </Button>

        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {e('bonus')}
        </Typography.Title>
        {definition.bonus.map((bonus, index) => (
          <div key={bonus.key} className="rubric-editor-row">
            <Input
              style={{ width: 140 }}
              aria-label={e('bonusName')}
              placeholder={e('bonusName')}
              maxLength={200}
              value={bonus.name}
              onChange={(event) =>
                change((next) => {
                  const target = next.definition.bonus[index]
                  if (target) target.name = event.target.value
                })
              }
            />
            <Input
              className="rubric-editor-grow"
              aria-label={e('bonusText')}
              placeholder={e('bonusText')}
              maxLength={200}
              value={bonus.text}
              onChange={(event) =>
                change((next) => {
                  const target = next.definition.bonus[index]
                  if (target) target.text = event.target.value
                })
              }
            />
            <span>{e('bonusMax')}</span>
            <InputNumber
              aria-label={`${bonus.name} ${e('bonusMax')}`}
              data-testid={`rubric-editor-bonus-max-${index}`}
              min={1}
              max={100}
              precision={0}
              value={bonus.max}
              onChange={(value) =>
                change((next) => {
                  const target = next.definition.bonus[index]
                  if (target) target.max = value ?? 0
                })
              }
            />
            <RemoveButton
              label={e('removeBonus')}
              testId={`rubric-editor-remove-bonus-${index}`}
              onClick={() =>
                change((next) => {
                  next.definition.bonus.splice(index, 1)
                })
              }
            />
          </div>
        ))}
        <Space wrap>
          <Button
            size="small"
            icon={<PlusOutlined />}
            disabled={definition.bonus.length >= DRAFT_LIMITS.bonus}
            onClick={() =>
              change((next) =>
                next.definition.bonus.push({
                  key: freshKey(next.definition, 'bonus'),
                  name: '',
                  text: '',
                  max: 1,
                }),
              )
            }
          >
            {e('addBonus')}
          </Button>
          <span>{e('bonusCap')}</span>
          <InputNumber
            aria-label={e('bonusCap')}
            data-testid="rubric-editor-bonus-cap"
            min={0}
            max={100}
            precision={0}
            value={definition.bonusCap}
            onChange={(value) =>
              change((next) => {
                next.definition.bonusCap = value ?? 0
              })
            }
          />
        </Space>

        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {e('grades')}
        </Typography.Title>
        {definition.grades.map((grade, index) => (
          <div key={gradeKeys.keys[index]} className="rubric-editor-row">
            <Input
              style={{ width: 120 }}
              aria-label={e('gradeLabel')}
              placeholder={e('gradeLabel')}
              maxLength={200}
              value={grade.label}
              onChange={(event) =>
                change((next) => {
                  const target = next.definition.grades[index]
                  if (target) target.label = event.target.value
                })
              }
            />
            <span>≥</span>
            <InputNumber
              aria-label={`${grade.label} ${e('gradePercent')}`}
              data-testid={`rubric-editor-grade-${index}`}
              min={0}
              max={100}
              value={grade.minPercent}
              suffix="%"
              onChange={(value) =>
                change((next) => {
                  const target = next.definition.grades[index]
                  if (target) target.minPercent = value ?? 0
                })
              }
            />
            <RemoveButton
              label={e('removeGrade')}
              testId={`rubric-editor-remove-grade-${index}`}
              onClick={() => {
                gradeKeys.remove(index)
                change((next) => {
                  next.definition.grades.splice(index, 1)
                })
              }}
            />
          </div>
        ))}
        <div className="rubric-editor-row">
          <Button
            size="small"
            icon={<PlusOutlined />}
            disabled={definition.grades.length >= DRAFT_LIMITS.grades}
            onClick={() => {
              gradeKeys.add()
              change((next) => {
                const lowest = Math.min(
                  100,
                  ...next.definition.grades.map((grade) => grade.minPercent),
                )
                next.definition.grades.push({ label: '', minPercent: Math.max(0, lowest - 10) })
              })
            }}
          >
            {e('addGrade')}
          </Button>
          <span>{e('fallback')}</span>
          <Input
            style={{ width: 140 }}
            aria-label={e('fallback')}
            maxLength={200}
            value={definition.fallbackGrade}
            onChange={(event) =>
              change((next) => {
                next.definition.fallbackGrade = event.target.value
              })
            }
          />
        </div>

        {problems.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="rubric-editor-problems"
            style={{ marginTop: 16 }}
            title={e('problemsTitle')}
            description={
              <ul className="rubric-points">
                {problems.map((problem) => (
                  <li key={`${problem.key}-${JSON.stringify(problem.values ?? {})}`}>
                    {e(`problems.${problem.key}`, problem.values)}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        {props.error ? (
          <Alert
            type="error"
            showIcon
            data-testid="rubric-editor-error"
            style={{ marginTop: 16 }}
            title={apiErrorMessage(t, props.error)}
            description={serverMessage}
          />
        ) : null}
      </div>
    </Modal>
  )
}
