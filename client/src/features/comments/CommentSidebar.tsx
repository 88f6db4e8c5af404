import type { Editor } from '@tiptap/react'
import {
  App,
  Button,
  Empty,
  Input,
  Mentions,
  Popconfirm,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type * as Y from 'yjs'
import type { AnchorState } from '../../../../shared/comments/anchors.ts'
import type { MentionablePerson } from '../../../../shared/comments/commentApi.ts'
import {
  type CommentAnchor,
  type CommentAuthor,
  type CommentEntry,
  type CommentThread,
  MAX_COMMENT_LENGTH,
  MAX_DECISION_LENGTH,
} from '../../../../shared/comments/threads.ts'
import { useCommentActions, useMentionablePeople } from './api.ts'
import { threadRanges } from './commentHighlights.ts'
import type { CommentsController } from './commentsController.ts'

/** A comment being started on a selection, not yet written. */
export interface CommentDraft {
  anchor: CommentAnchor
  quote: string
}

/** Which threads the sidebar lists. */
type Filter = 'open' | 'resolved' | 'all'

/** Ids of the people whose `@name` occurs in the text. */
function mentionedIds(text: string, people: readonly MentionablePerson[]): string[] {
  return people
    .filter((person) => text.includes(`@${person.displayName}`))
    .map((person) => person.userId)
}

function useRangesOf(editor: Editor | null, threads: readonly CommentThread[]) {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    if (!editor) return
    let frame = 0
    const bump = (): void => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => setVersion((value) => value + 1))
    }
    editor.on('transaction', bump)
    return () => {
      cancelAnimationFrame(frame)
      editor.off('transaction', bump)
    }
  }, [editor])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks editor changes.
  return useMemo(
    () => (editor ? threadRanges(editor.state, threads) : new Map<string, AnchorState>()),
    [editor, threads, version],
  )
}

/** A text box with an @mention picker of the plan's people. */
function MentionBox({
  value,
  onChange,
  people,
  placeholder,
  onSubmit,
  testId,
  autoFocus = false,
}: {
  value: string
  onChange: (value: string) => void
  people: readonly MentionablePerson[]
  placeholder: string
  onSubmit: () => void
  testId: string
  autoFocus?: boolean
}) {
  return (
    <Mentions
      value={value}
      onChange={onChange}
      autoSize={{ minRows: 2, maxRows: 6 }}
      maxLength={MAX_COMMENT_LENGTH}
      placeholder={placeholder}
      autoFocus={autoFocus}
      data-testid={testId}
      options={people.map((person) => ({
        key: person.userId,
        value: person.displayName,
        label: (
          <span data-testid="mention-option">
            {person.displayName}
            <Typography.Text type="secondary"> · {person.schoolName}</Typography.Text>
          </span>
        ),
      }))}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault()
          onSubmit()
        }
      }}
    />
  )
}

function CommentItem({
  comment,
  isMine,
  canWrite,
  onEdit,
  onDelete,
}: {
  comment: CommentEntry
  isMine: boolean
  canWrite: boolean
  onEdit: (body: string) => Promise<unknown>
  onDelete: () => void
}) {
  const { t, i18n } = useTranslation()
  const [editing, setEditing] = useState<string | null>(null)
  const time = new Date(comment.createdAt).toLocaleString(i18n.language, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
  return (
    <div className="comment-item" data-testid="comment-item">
      <div className="comment-meta">
        <Typography.Text strong>{comment.authorName}</Typography.Text>
        <Typography.Text type="secondary"> · {comment.authorSchool}</Typography.Text>
        <Typography.Text type="secondary" className="comment-time">
          {time}
          {comment.editedAt !== null && ` · ${t('comments.edited')}`}
        </Typography.Text>
      </div>
      {editing === null ? (
        <div className="comment-body" data-testid="comment-body">
          {comment.body}
        </div>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            value={editing}
            onChange={(event) => setEditing(event.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={MAX_COMMENT_LENGTH}
          />
          <Space>
            <Button
              size="small"
              type="primary"
              disabled={!editing.trim()}
              onClick={() => {
                onEdit(editing.trim()).then(
                  () => setEditing(null),
                  () => {},
                )
              }}
            >
              {t('comments.save')}
            </Button>
            <Button size="small" onClick={() => setEditing(null)}>
              {t('comments.cancel')}
            </Button>
          </Space>
        </Space>
      )}
      {isMine && canWrite && editing === null && (
        <Space size={0} className="comment-actions">
          <Button size="small" type="link" onClick={() => setEditing(comment.body)}>
            {t('comments.edit')}
          </Button>
          <Popconfirm title={t('comments.deleteConfirm')} onConfirm={onDelete}>
            <Button size="small" type="link" danger>
              {t('comments.delete')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </div>
  )
}

function ThreadCard({
  thread,
  anchor,
  active,
  canWrite,
  me,
  people,
  documentId,
  onSelect,
}: {
  thread: CommentThread
  anchor: AnchorState | undefined
  active: boolean
  canWrite: boolean
  me: CommentAuthor
  people: readonly MentionablePerson[]
  documentId: string
  onSelect: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const actions = useCommentActions(documentId)
  const [replyText, setReplyText] = useState('')
  const [deciding, setDeciding] = useState<string | null>(null)
  const ref = useRef<HTMLDivElement>(null)
  const detached = anchor?.status !== 'attached'

  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [active])

  const sendReply = (): void => {
    const body = replyText.trim()
    if (!body || actions.reply.isPending) return
    actions.reply.mutate(
      { threadId: thread.id, body, mentions: mentionedIds(body, people) },
      { onSuccess: () => setReplyText('') },
    )
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a card holding buttons cannot be a button.
    <div
      ref={ref}
      role="button"
      tabIndex={0}
      className={`comment-thread${active ? ' comment-thread-active' : ''}${thread.resolved ? ' comment-thread-resolved' : ''}`}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-resolved={thread.resolved}
      data-detached={detached}
      onClick={(event) => {
        // Clicks on the reply box and the buttons inside are not a selection of the thread.
        const target = event.target instanceof Element ? event.target : null
        if (!target?.closest('.comment-reply, button, textarea, input')) onSelect()
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === event.currentTarget) onSelect()
      }}
    >
      <div className="comment-quote" data-testid="comment-quote">
        {thread.quote}
      </div>
      <Space size={4} wrap>
        {detached && (
          <Tag color="orange" data-testid="comment-detached">
            {t('comments.detached')}
          </Tag>
        )}
        {thread.resolved && (
          <Tag color="green" data-testid="comment-resolved">
            {t('comments.resolvedBy', { name: thread.resolvedByName ?? '' })}
          </Tag>
        )}
      </Space>
      {thread.resolved && thread.decision && (
        <div className="comment-decision" data-testid="comment-decision">
          <Typography.Text strong>{t('comments.decision')}：</Typography.Text>
          {thread.decision}
        </div>
      )}
      {thread.comments.map((comment, index) => (
        <CommentItem
          key={comment.id}
          comment={comment}
          isMine={comment.authorId === me.id}
          canWrite={canWrite}
          onEdit={(body) =>
            actions.edit.mutateAsync({
              threadId: thread.id,
              commentId: comment.id,
              body,
              mentions: mentionedIds(body, people),
            })
          }
          onDelete={() => {
            if (index === 0 && thread.comments.length > 1) {
              message.info(t('comments.deleteThreadHint'))
            }
            actions.remove.mutate({ threadId: thread.id, commentId: comment.id })
          }}
        />
      ))}
      {canWrite && active && !thread.resolved && (
        <div className="comment-reply">
          <MentionBox
            value={replyText}
            onChange={setReplyText}
            people={people}
            placeholder={t('comments.replyPlaceholder')}
            onSubmit={sendReply}
            testId="comment-reply-input"
          />
          {deciding === null ? (
            <Space className="comment-buttons">
              <Button
                size="small"
                type="primary"
                disabled={!replyText.trim()}
                loading={actions.reply.isPending}
                onClick={sendReply}
                data-testid="comment-reply-send"
              >
                {t('comments.reply')}
              </Button>
              <Button size="small" onClick={() => setDeciding('')} data-testid="comment-resolve">
                {t('comments.resolve')}
              </Button>
            </Space>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }} className="comment-buttons">
              <Input.TextArea
                value={deciding}
                onChange={(event) => setDeciding(event.target.value)}
                placeholder={t('comments.decisionPlaceholder')}
                maxLength={MAX_DECISION_LENGTH}
                autoSize={{ minRows: 1, maxRows: 4 }}
                autoFocus
                data-testid="comment-decision-input"
              />
              <Space>
                <Button
                  size="small"
                  type="primary"
                  data-testid="comment-resolve-confirm"
                  loading={actions.resolve.isPending}
                  onClick={() => {
                    actions.resolve.mutate(
                      { threadId: thread.id, decision: deciding },
                      { onSuccess: () => setDeciding(null) },
                    )
                  }}
                >
                  {t('comments.resolveConfirm')}
                </Button>
                <Button size="small" onClick={() => setDeciding(null)}>
                  {t('comments.cancel')}
                </Button>
              </Space>
            </Space>
          )}
        </div>
      )}
      {canWrite && thread.resolved && (
        <Button
          size="small"
          loading={actions.reopen.isPending}
          onClick={(event) => {
            event.stopPropagation()
            actions.reopen.mutate({ threadId: thread.id })
          }}
          data-testid="comment-reopen"
        >
          {t('comments.reopen')}
        </Button>
      )}
    </div>
  )
}

/** Props of {@link CommentSidebar}. */
export interface CommentSidebarProps {
  editor: Editor | null
  controller: CommentsController
  commentsDoc: Y.Doc | null
  documentId: string
  me: CommentAuthor
  /** Whether the caller may write comments (comment or edit permission on the plan). */
  canWrite: boolean
  draft: CommentDraft | null
  onDraftDone: () => void
  /** Selects and shows a thread's range in the editor. */
  onReveal: (threadId: string) => void
}

/**
 * The comment sidebar: the plan's threads in document order (threads whose text is gone last,
 * marked), filtered open/resolved/all, with replies, @mentions, resolve with a decision and
 * reopen; the composer of a new comment on the selection.
 */
export function CommentSidebar({
  editor,
  controller,
  commentsDoc,
  documentId,
  me,
  canWrite,
  draft,
  onDraftDone,
  onReveal,
}: CommentSidebarProps) {
  const { t } = useTranslation()
  const actions = useCommentActions(documentId)
  const threads = useSyncExternalStore(controller.subscribe, controller.getThreads)
  const active = useSyncExternalStore(controller.subscribe, controller.getActive)
  const ranges = useRangesOf(editor, threads)
  const people = useMentionablePeople(documentId).data ?? []
  const [filter, setFilter] = useState<Filter>('open')
  const [draftText, setDraftText] = useState('')

  const ordered = useMemo(() => {
    const position = (thread: CommentThread): number => {
      const state = ranges.get(thread.id)
      return state?.status === 'attached' ? state.range.from : Number.MAX_SAFE_INTEGER
    }
    return threads
      .filter((thread) =>
        filter === 'all' ? true : filter === 'open' ? !thread.resolved : thread.resolved,
      )
      .sort((a, b) => position(a) - position(b) || a.createdAt - b.createdAt)
  }, [threads, ranges, filter])
  const openCount = threads.filter((thread) => !thread.resolved).length

  const submitDraft = (): void => {
    const body = draftText.trim()
    if (!draft || !commentsDoc || !body || actions.createThread.isPending) return
    actions.createThread.mutate(
      {
        anchor: draft.anchor,
        quote: draft.quote,
        body,
        mentions: mentionedIds(body, people),
      },
      {
        onSuccess: ({ threadId }) => {
          setDraftText('')
          onDraftDone()
          setFilter((current) => (current === 'resolved' ? 'open' : current))
          controller.setActive(threadId)
        },
      },
    )
  }

  return (
    <aside
      className="comment-sidebar"
      data-testid="comment-sidebar"
      aria-label={t('comments.title')}
    >
      <div className="comment-sidebar-header">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('comments.title')}
          {openCount > 0 && <Tag className="comment-count">{openCount}</Tag>}
        </Typography.Title>
        <Segmented<Filter>
          size="small"
          value={filter}
          onChange={setFilter}
          data-testid="comment-filter"
          options={[
            { value: 'open', label: t('comments.filterOpen') },
            { value: 'resolved', label: t('comments.filterResolved') },
            { value: 'all', label: t('comments.filterAll') },
          ]}
        />
      </div>
      {draft && canWrite && (
        <div className="comment-thread comment-thread-active" data-testid="comment-draft">
          <div className="comment-quote">{draft.quote}</div>
          <MentionBox
            value={draftText}
            onChange={setDraftText}
            people={people}
            placeholder={t('comments.placeholder')}
            onSubmit={submitDraft}
            testId="comment-draft-input"
            autoFocus
          />
          <Space className="comment-buttons">
            <Button
              type="primary"
              size="small"
              disabled={!draftText.trim()}
              loading={actions.createThread.isPending}
              onClick={submitDraft}
              data-testid="comment-draft-submit"
            >
              {t('comments.submit')}
            </Button>
            <Button
              size="small"
              onClick={() => {
                setDraftText('')
                onDraftDone()
              }}
            >
              {t('comments.cancel')}
            </Button>
          </Space>
        </div>
      )}
      {ordered.length === 0 && !draft && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          data-testid="comment-empty"
          description={
            filter === 'resolved'
              ? t('comments.emptyResolved')
              : canWrite
                ? t('comments.emptyHint')
                : t('comments.empty')
          }
        />
      )}
      {commentsDoc &&
        ordered.map((thread) => (
          <ThreadCard
            key={thread.id}
            thread={thread}
            anchor={ranges.get(thread.id)}
            active={thread.id === active}
            canWrite={canWrite}
            me={me}
            people={people}
            documentId={documentId}
            onSelect={() => {
              controller.setActive(thread.id)
              onReveal(thread.id)
            }}
          />
        ))}
    </aside>
  )
}
