import { CommentOutlined } from '@ant-design/icons'
import type { AnyExtension } from '@tiptap/core'
import type { Editor } from '@tiptap/react'
import { App, Button, Tooltip } from 'antd'
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentInfo, PublicUser } from '../../../../shared/domain.ts'
import { permits } from '../../../../shared/domain.ts'
import { type CommentDraft, CommentSidebar } from './CommentSidebar.tsx'
import {
  anchorForRange,
  CommentHighlights,
  selectedRange,
  threadRanges,
} from './commentHighlights.ts'
import { CommentsController } from './commentsController.ts'
import { type CommentsRoom, useCommentsRoom } from './useCommentsRoom.ts'
import './comments.css'

/** A plan's comments: its room, the shared controller, and the editor extension to add. */
export interface PlanComments {
  room: CommentsRoom | null
  controller: CommentsController
  /** Add to the editor's extensions (highlights, click to open, Ctrl+Alt+M). */
  extension: AnyExtension
}

/** Opens a plan's comments room and prepares the editor extension (stable per plan). */
export function usePlanComments(documentId: string): PlanComments {
  const [controller] = useState(() => new CommentsController())
  const room = useCommentsRoom(documentId)
  const doc = room?.doc ?? null
  useEffect(() => {
    controller.setDoc(doc)
  }, [controller, doc])
  const extension = useMemo(() => CommentHighlights.configure({ controller }), [controller])
  return { room, controller, extension }
}

/**
 * The plan sheet with the comment sidebar beside it, and the "add comment" action for the
 * current selection (button above the sheet and Ctrl+Alt+M).
 */
export function PlanCommentsLayout({
  editor,
  comments,
  document,
  user,
  children,
}: {
  editor: Editor | null
  comments: PlanComments
  document: DocumentInfo
  user: PublicUser
  children: ReactNode
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { controller, room } = comments
  const [draft, setDraft] = useState<CommentDraft | null>(null)
  const canWrite = permits(document.permission, 'comment') && room !== null
  const me = useMemo(
    () => ({ id: user.id, name: user.displayName, school: user.schoolName }),
    [user],
  )

  const startComment = useCallback((): boolean => {
    if (!editor || !canWrite) return false
    const range = selectedRange(editor.view)
    if (!range) {
      void message.info(t('comments.selectFirst'))
      return true
    }
    const made = anchorForRange(editor.state, range)
    if (!made?.quote.trim()) {
      void message.info(t('comments.selectFirst'))
      return true
    }
    setDraft(made)
    return true
  }, [editor, canWrite, message, t])

  const reveal = useCallback(
    (threadId: string): void => {
      if (!editor) return
      const thread = controller.getThreads().find((entry) => entry.id === threadId)
      const state = thread && threadRanges(editor.state, [thread]).get(threadId)
      if (state?.status !== 'attached') return
      editor.commands.setTextSelection(state.range)
      const { node } = editor.view.domAtPos(state.range.from)
      const element = node instanceof Element ? node : node.parentElement
      element?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    },
    [editor, controller],
  )

  useEffect(() => {
    controller.onAddComment = startComment
    controller.onThreadClicked = (threadId) => controller.setActive(threadId)
  }, [controller, startComment])

  return (
    <div className="plan-with-comments">
      <div className="plan-with-comments-main">
        {canWrite && (
          <div className="comment-add-bar">
            <Tooltip title={t('comments.addShortcut')}>
              <Button
                icon={<CommentOutlined />}
                onMouseDown={(event) => event.preventDefault()}
                onClick={startComment}
                data-testid="comment-add"
              >
                {t('comments.add')}
              </Button>
            </Tooltip>
          </div>
        )}
        {children}
      </div>
      <CommentSidebar
        editor={editor}
        controller={controller}
        commentsDoc={room?.doc ?? null}
        documentId={document.id}
        me={me}
        canWrite={canWrite}
        draft={draft}
        onDraftDone={() => setDraft(null)}
        onReveal={reveal}
      />
    </div>
  )
}
