import type * as Y from 'yjs'
import { type CommentThread, readThreads } from '../../../../shared/comments/threads.ts'

/**
 * What the comment highlights in the editor and the sidebar share: the comments document (once
 * its room is open), the threads read from it, the active thread, and callbacks the editor
 * calls (a highlight was clicked, the add-comment shortcut was pressed). A small store that
 * React reads with `useSyncExternalStore` and the editor plugin subscribes to.
 */
export class CommentsController {
  private doc: Y.Doc | null = null
  private threads: CommentThread[] = []
  private active: string | null = null
  private readonly listeners = new Set<() => void>()
  private detachDoc: (() => void) | null = null
  /** Called when a highlight in the editor is clicked. */
  onThreadClicked: (threadId: string) => void = () => {}
  /** Called by the Ctrl+Alt+M shortcut. */
  onAddComment: () => boolean = () => false

  /** The comments document, or null until its room is open. */
  get commentsDoc(): Y.Doc | null {
    return this.doc
  }

  /** The threads as last read (a new array after each change). */
  getThreads = (): CommentThread[] => this.threads

  /** The active (selected) thread. */
  getActive = (): string | null => this.active

  /** Uses a comments document (or none); re-reads the threads on each of its updates. */
  setDoc(doc: Y.Doc | null): void {
    if (doc === this.doc) return
    this.detachDoc?.()
    this.detachDoc = null
    this.doc = doc
    if (doc) {
      const onUpdate = (): void => this.refresh()
      doc.on('update', onUpdate)
      this.detachDoc = () => doc.off('update', onUpdate)
    }
    this.refresh()
  }

  /** Makes a thread the active one (or none). */
  setActive(threadId: string | null): void {
    if (threadId === this.active) return
    this.active = threadId
    this.emit()
  }

  /** Registers a listener of every change; returns its removal. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private refresh(): void {
    this.threads = this.doc ? readThreads(this.doc) : []
    this.emit()
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
