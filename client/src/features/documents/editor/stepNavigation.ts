import { type Editor, Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { TextSelection } from '@tiptap/pm/state'
import { stepJSON } from '../../../../../shared/editor/planContent.ts'
import { PROCESS_STEP_NODE, STEP_COLUMNS } from '../../../../../shared/editor/planSchema.ts'

/** A step's cells in Tab order: its name and minutes (inputs), then its three columns. */
export type StepField = 'name' | 'minutes'

const COLUMN_NODES: readonly string[] = STEP_COLUMNS.map((column) => column.node)
const LAST_COLUMN = COLUMN_NODES.length - 1

/** The data attribute on a step's name and minutes inputs, used to focus them. */
export const STEP_FIELD_ATTRIBUTE = 'data-step-field'

function stepAt(doc: PMNode, position: number): PMNode | null {
  const node = doc.nodeAt(position)
  return node?.type.name === PROCESS_STEP_NODE ? node : null
}

/** Position of the step after the one at `position`, or null when it is the last. */
function nextStep(doc: PMNode, position: number): number | null {
  const step = stepAt(doc, position)
  if (!step) return null
  const next = position + step.nodeSize
  return stepAt(doc, next) ? next : null
}

/** Position of the step before the one at `position`, or null when it is the first. */
function previousStep(doc: PMNode, position: number): number | null {
  const $position = doc.resolve(position)
  const before = $position.nodeBefore
  if (before?.type.name !== PROCESS_STEP_NODE) return null
  return position - before.nodeSize
}

/** Puts the caret at the end of a step's column `index` (0 教师活动 … 2 设计意图). */
export function focusStepColumn(editor: Editor, stepPosition: number, index: number): boolean {
  const { doc } = editor.state
  const step = stepAt(doc, stepPosition)
  if (!step || index < 0 || index >= step.childCount) return false
  let columnStart = stepPosition + 1
  for (let child = 0; child < index; child++) columnStart += step.child(child).nodeSize
  const columnEnd = columnStart + step.child(index).nodeSize - 1
  const selection = TextSelection.near(doc.resolve(columnEnd), -1)
  editor.view.dispatch(editor.state.tr.setSelection(selection).scrollIntoView())
  editor.view.focus()
  return true
}

/** Focuses a step's name or minutes input (rendered by the step's node view). */
export function focusStepField(editor: Editor, stepPosition: number, field: StepField): boolean {
  const element = editor.view.nodeDOM(stepPosition)
  if (!(element instanceof HTMLElement)) return false
  const input = element.querySelector<HTMLInputElement>(`input[${STEP_FIELD_ATTRIBUTE}="${field}"]`)
  if (!input) return false
  input.focus()
  input.select()
  return true
}

/** Adds an empty step after the one at `stepPosition` and focuses its name, as Word adds a row. */
function appendStep(editor: Editor, stepPosition: number): boolean {
  const step = stepAt(editor.state.doc, stepPosition)
  if (!step) return false
  const position = stepPosition + step.nodeSize
  editor
    .chain()
    .insertContentAt(
      position,
      stepJSON({ name: '', minutes: 0, teacher: '', student: '', intent: '' }),
    )
    .run()
  // The new step's node view renders its inputs asynchronously: try for a few frames.
  let frames = 0
  const attempt = (): void => {
    if (focusStepField(editor, position, 'name') || ++frames > 30) return
    requestAnimationFrame(attempt)
  }
  requestAnimationFrame(attempt)
  return true
}

/** Tab in a step's name or minutes input: the next cell, as in a Word table. */
export function tabFromField(
  editor: Editor,
  stepPosition: number,
  field: StepField,
  backwards: boolean,
): boolean {
  if (field === 'name' && !backwards) return focusStepField(editor, stepPosition, 'minutes')
  if (field === 'minutes' && backwards) return focusStepField(editor, stepPosition, 'name')
  if (field === 'minutes') return focusStepColumn(editor, stepPosition, 0)
  const previous = previousStep(editor.state.doc, stepPosition)
  // Shift+Tab in the first cell of the first step stays there.
  return previous === null ? true : focusStepColumn(editor, previous, LAST_COLUMN)
}

/**
 * Tab in a step column: the next column, then the next step's name, and in the last column of
 * the last step a new step; Shift+Tab goes back the same way. False outside a step column.
 */
export function tabFromColumn(editor: Editor, backwards: boolean): boolean {
  const { $from } = editor.state.selection
  for (let depth = $from.depth; depth > 1; depth--) {
    const index = COLUMN_NODES.indexOf($from.node(depth).type.name)
    if (index < 0 || $from.node(depth - 1).type.name !== PROCESS_STEP_NODE) continue
    const stepPosition = $from.before(depth - 1)
    if (backwards) {
      return index > 0
        ? focusStepColumn(editor, stepPosition, index - 1)
        : focusStepField(editor, stepPosition, 'minutes')
    }
    if (index < LAST_COLUMN) return focusStepColumn(editor, stepPosition, index + 1)
    const next = nextStep(editor.state.doc, stepPosition)
    return next === null ? appendStep(editor, stepPosition) : focusStepField(editor, next, 'name')
  }
  return false
}

/**
 * Tab and Shift+Tab move between the cells of the 教学过程 steps like in a Word table; elsewhere
 * in the text they do nothing, instead of letting the browser move the focus to the first input
 * inside the editor (the plan's title). Lower priority than list items and tables, so Tab still
 * indents a list item and moves between the cells of a table.
 */
export const StepTabNavigation = Extension.create({
  name: 'stepTabNavigation',
  priority: 50,

  addKeyboardShortcuts() {
    return {
      Tab: ({ editor }) => tabFromColumn(editor, false) || editor.isEditable,
      'Shift-Tab': ({ editor }) => tabFromColumn(editor, true) || editor.isEditable,
    }
  },
})
