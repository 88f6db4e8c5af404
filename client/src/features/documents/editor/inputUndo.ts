import type { Editor } from '@tiptap/core'
import type { KeyboardEvent } from 'react'

/**
 * A keydown handler for the inputs inside a plan (title, header fields, step names): Ctrl/⌘+Z
 * undoes and Ctrl/⌘+Shift+Z or Ctrl+Y redoes in the plan's own history (one's own changes
 * only), as in its text; the browser's undo of a single input knows nothing of the plan.
 */
export function planUndoKeys(editor: Editor): (event: KeyboardEvent<HTMLElement>) => void {
  return (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return
    const key = event.key.toLowerCase()
    if (key !== 'z' && key !== 'y') return
    event.preventDefault()
    if (key === 'y' || event.shiftKey) editor.commands.redo()
    else editor.commands.undo()
  }
}
