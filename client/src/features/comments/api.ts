import { useMutation, useQuery } from '@tanstack/react-query'
import { App } from 'antd'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import {
  type CommentWritten,
  encodeAnchor,
  type MentionablePerson,
} from '../../../../shared/comments/commentApi.ts'
import type { CommentAnchor } from '../../../../shared/comments/threads.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

/** The query keys of comments: the people who can be mentioned on a plan. */
export const commentKeys = {
  all: ['comments'] as const,
  people: (documentId: string) => [...commentKeys.all, 'people', documentId] as const,
}

/** The people of a plan who can be @mentioned (they can at least view it). */
export function useMentionablePeople(documentId: string) {
  return useQuery({
    queryKey: commentKeys.people(documentId),
    queryFn: async (): Promise<MentionablePerson[]> =>
      (await call(client.documents[':id'].comments.people.$get({ param: { id: documentId } })))
        .items,
    staleTime: 60_000,
  })
}

/** Error ids of the comment endpoints that have their own message. */
const KNOWN_ERRORS = [
  'not_comment_author',
  'thread_resolved',
  'thread_open',
  'forbidden',
  'not_found',
  'unreachable',
] as const

/** The message shown when a comment operation failed, in the user's language. */
export function commentErrorText(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : ''
  const known = KNOWN_ERRORS.find((entry) => entry === code)
  return known ? t(`comments.errors.${known}`) : t('comments.errors.failed')
}

/** A new thread: the anchored range, its quote, the first comment. */
export interface NewThreadInput {
  anchor: CommentAnchor
  quote: string
  body: string
  mentions: string[]
}

/** A comment's text and the people it mentions. */
export interface CommentTextInput {
  body: string
  mentions: string[]
}

/**
 * The comment operations of a plan, each a mutation on its endpoint: the server writes the
 * comments document and every open client sees the change through the comments websocket.
 * Failures are shown as a message in the user's language.
 */
export function useCommentActions(documentId: string) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const onError = (error: unknown): void => {
    void message.error(commentErrorText(t, error))
  }
  // Sent even when the browser says it is offline, so that the user learns at once that the
  // comment was not saved (the draft stays) instead of waiting on a paused request.
  const networkMode = 'always' as const
  const id = { id: documentId }
  const threads = client.documents[':id'].comments.threads
  const createThread = useMutation({
    mutationFn: (input: NewThreadInput): Promise<CommentWritten> =>
      call(
        threads.$post({
          param: id,
          json: { ...input, anchor: encodeAnchor(input.anchor) },
        }),
      ),
    onError,
    networkMode,
  })
  const reply = useMutation({
    mutationFn: (input: CommentTextInput & { threadId: string }): Promise<CommentWritten> =>
      call(
        threads[':threadId'].replies.$post({
          param: { ...id, threadId: input.threadId },
          json: { body: input.body, mentions: input.mentions },
        }),
      ),
    onError,
    networkMode,
  })
  const edit = useMutation({
    mutationFn: (input: CommentTextInput & { threadId: string; commentId: string }) =>
      call(
        threads[':threadId'].comments[':commentId'].$patch({
          param: { ...id, threadId: input.threadId, commentId: input.commentId },
          json: { body: input.body, mentions: input.mentions },
        }),
      ),
    onError,
    networkMode,
  })
  const remove = useMutation({
    mutationFn: (input: { threadId: string; commentId: string }) =>
      call(
        threads[':threadId'].comments[':commentId'].$delete({
          param: { ...id, threadId: input.threadId, commentId: input.commentId },
        }),
      ),
    onError,
    networkMode,
  })
  const resolve = useMutation({
    mutationFn: (input: { threadId: string; decision: string }) =>
      call(
        threads[':threadId'].resolve.$post({
          param: { ...id, threadId: input.threadId },
          json: { decision: input.decision },
        }),
      ),
    onError,
    networkMode,
  })
  const reopen = useMutation({
    mutationFn: (input: { threadId: string }) =>
      call(threads[':threadId'].reopen.$post({ param: { ...id, threadId: input.threadId } })),
    onError,
    networkMode,
  })
  return { createThread, reply, edit, remove, resolve, reopen }
}
