import { Extension } from '@tiptap/core'
import type { EditorState } from '@tiptap/pm/state'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { type ProsemirrorBinding, ySyncPluginKey } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import {
  type AnchorState,
  anchorOfRange,
  resolveAnchor,
  type TextRange,
  textOfRange,
} from '../../../../shared/comments/anchors.ts'
import type { CommentAnchor, CommentThread } from '../../../../shared/comments/threads.ts'
import type { CommentsController } from './commentsController.ts'

/** Key of the highlight plugin (its state is the decoration set). */
export const commentHighlightsKey = new PluginKey<DecorationSet>('commentHighlights')

/** Class of a highlighted anchored range, and of the active thread's range. */
export const HIGHLIGHT_CLASS = 'comment-highlight'
const ACTIVE_CLASS = 'comment-highlight-active'

function bindingOf(state: EditorState): ProsemirrorBinding | null {
  const ystate = ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding } | undefined
  return ystate?.binding ?? null
}

/** Where each thread's anchor lies in the editor now (the same resolution the tests use). */
export function threadRanges(
  state: EditorState,
  threads: readonly CommentThread[],
): Map<string, AnchorState> {
  const ranges = new Map<string, AnchorState>()
  const binding = bindingOf(state)
  if (!binding?.type.doc) return ranges
  const size = state.doc.content.size
  for (const thread of threads) {
    if (!thread.anchor) {
      ranges.set(thread.id, { status: 'detached' })
      continue
    }
    const resolved = resolveAnchor(binding.type.doc, binding.type, thread.anchor, binding.mapping)
    ranges.set(
      thread.id,
      resolved.status === 'attached' && resolved.range.to <= size
        ? resolved
        : { status: 'detached' },
    )
  }
  return ranges
}

/** An anchor and quote for a range of the editor's document, or null without a binding. */
export function anchorForRange(
  state: EditorState,
  range: TextRange,
): { anchor: CommentAnchor; quote: string } | null {
  const binding = bindingOf(state)
  const ydoc: Y.Doc | null = binding?.type.doc ?? null
  if (!binding || !ydoc) return null
  return {
    anchor: anchorOfRange(ydoc, binding.type, range, binding.mapping),
    quote: textOfRange(state.doc, range),
  }
}

/**
 * The text range the user selected: the editor's selection, or (in a read-only editor, where
 * ProseMirror may not track it) the browser's selection inside the editor. Null when empty.
 */
export function selectedRange(view: EditorView): TextRange | null {
  const { from, to } = view.state.selection
  if (to > from) return { from, to }
  const selection = view.dom.ownerDocument.getSelection()
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) {
    return null
  }
  try {
    const start = view.posAtDOM(range.startContainer, range.startOffset)
    const end = view.posAtDOM(range.endContainer, range.endOffset)
    return end > start ? { from: start, to: end } : null
  } catch {
    return null
  }
}

function decorationsFor(state: EditorState, controller: CommentsController): DecorationSet {
  const threads = controller.getThreads()
  const active = controller.getActive()
  const ranges = threadRanges(state, threads)
  const decorations: Decoration[] = []
  for (const thread of threads) {
    const anchor = ranges.get(thread.id)
    if (anchor?.status !== 'attached') continue
    if (thread.resolved && thread.id !== active) continue
    const classes = [HIGHLIGHT_CLASS]
    if (thread.id === active) classes.push(ACTIVE_CLASS)
    if (thread.resolved) classes.push('comment-highlight-resolved')
    decorations.push(
      Decoration.inline(
        anchor.range.from,
        anchor.range.to,
        { class: classes.join(' '), 'data-thread-id': thread.id },
        { threadId: thread.id },
      ),
    )
  }
  return DecorationSet.create(state.doc, decorations)
}

/** Options of {@link CommentHighlights}. */
export interface CommentHighlightsOptions {
  controller: CommentsController | null
}

/**
 * Highlights the anchored ranges of the plan's comment threads (the active one stronger),
 * recomputed when the plan or the comments change; a click on a highlight opens its thread;
 * Ctrl+Alt+M (⌘⌥M) starts a comment on the selection.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',

  addOptions() {
    return { controller: null }
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => this.options.controller?.onAddComment() ?? false,
    }
  },

  addProseMirrorPlugins() {
    const controller = this.options.controller
    if (!controller) return []
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, old, _oldState, newState) {
            if (tr.getMeta(commentHighlightsKey) === 'recompute') {
              return decorationsFor(newState, controller)
            }
            // Between recomputations, local edits just move the highlights along.
            return tr.docChanged ? old.map(tr.mapping, tr.doc) : old
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state) ?? DecorationSet.empty,
          handleClick: (view, pos, event) => {
            const target = event.target instanceof Element ? event.target : null
            const marked = target?.closest(`.${HIGHLIGHT_CLASS}`)
            const fromDom = marked?.getAttribute('data-thread-id')
            const found =
              fromDom ?? commentHighlightsKey.getState(view.state)?.find(pos, pos)[0]?.spec.threadId
            if (typeof found === 'string') controller.onThreadClicked(found)
            return false
          },
        },
        view: (view) => {
          // Recompute after the current transaction settled (the binding's mapping is then up
          // to date for local and remote changes alike).
          let timer: ReturnType<typeof setTimeout> | undefined
          const schedule = (): void => {
            clearTimeout(timer)
            timer = setTimeout(() => {
              if (view.isDestroyed) return
              view.dispatch(view.state.tr.setMeta(commentHighlightsKey, 'recompute'))
            }, 0)
          }
          const planDoc = bindingOf(view.state)?.type.doc ?? null
          planDoc?.on('update', schedule)
          const unsubscribe = controller.subscribe(schedule)
          schedule()
          return {
            destroy: () => {
              clearTimeout(timer)
              planDoc?.off('update', schedule)
              unsubscribe()
            },
          }
        },
      }),
    ]
  },
})
