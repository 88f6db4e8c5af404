import { useQuery } from '@tanstack/react-query'
import type { MentionablePerson } from '../../../shared/comments/commentApi.ts'
import { call, client } from '../api/client.ts'

/** The people of a plan who can be @mentioned (they can at least view it). */
export function useMentionablePeople(documentId: string) {
  return useQuery({
    queryKey: ['comment-people', documentId],
    queryFn: async (): Promise<MentionablePerson[]> =>
      (await call(client.documents[':id'].comments.people.$get({ param: { id: documentId } })))
        .items,
    staleTime: 60_000,
  })
}

/**
 * Asks the server to notify the people a new comment concerns (mentions, earlier participants).
 * Failures are reported to the caller; the comment itself is already saved in the document.
 */
export async function notifyComment(
  documentId: string,
  threadId: string,
  commentId: string,
): Promise<void> {
  await call(
    client.documents[':id'].comments.notify.$post({
      param: { id: documentId },
      json: { threadId, commentId },
    }),
  )
}
