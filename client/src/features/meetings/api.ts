import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AgendaItem, VoteChoice } from '../../../../shared/meetings/meetingState.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

/** The query keys of meetings: the meetings of a plan. */
export const meetingKeys = {
  all: ['meetings'] as const,
  ofPlan: (documentId: string) => [...meetingKeys.all, 'plan', documentId] as const,
}

/** Starts a meeting on a plan (opened from a task, if given); resolves to the new meeting's id. */
export async function startMeeting(documentId: string, taskId?: string): Promise<string> {
  const json = taskId ? { documentId, taskId } : { documentId }
  return (await call(client.sessions.$post({ json }))).id
}

/** The running and past meetings of a plan, and whether the caller may start one. */
export function usePlanMeetings(documentId: string) {
  return useQuery({
    queryKey: meetingKeys.ofPlan(documentId),
    queryFn: async () => call(client.documents[':id'].sessions.$get({ param: { id: documentId } })),
    refetchInterval: 30_000,
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}

/** Starts a meeting from a plan's page; on failure the plan's meetings are fetched again. */
export function useStartMeetingMutation(documentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => startMeeting(documentId),
    onError: () => queryClient.invalidateQueries({ queryKey: meetingKeys.ofPlan(documentId) }),
  })
}

/** The actions of the meeting room; each resolves once the server applied it. */
export function meetingActions(meetingId: string) {
  const param = { id: meetingId }
  return {
    timer: (action: 'start' | 'pause' | 'next' | 'reset') =>
      call(client.sessions[':id'].timer.$post({ param, json: { action } })),
    agenda: (items: AgendaItem[]) =>
      call(client.sessions[':id'].agenda.$post({ param, json: { items } })),
    hand: (raised: boolean) => call(client.sessions[':id'].hand.$post({ param, json: { raised } })),
    floor: (userId: string | null) =>
      call(client.sessions[':id'].floor.$post({ param, json: { userId } })),
    openVote: (proposal: string) =>
      call(client.sessions[':id'].votes.$post({ param, json: { proposal } })),
    ballot: (voteId: string, choice: VoteChoice) =>
      call(
        client.sessions[':id'].votes[':voteId'].ballot.$post({
          param: { id: meetingId, voteId },
          json: { choice },
        }),
      ),
    closeVote: (voteId: string) =>
      call(
        client.sessions[':id'].votes[':voteId'].close.$post({ param: { id: meetingId, voteId } }),
      ),
    end: () => call(client.sessions[':id'].end.$post({ param })),
  }
}

/** The room's actions, as {@link meetingActions} returns them. */
export type MeetingActions = ReturnType<typeof meetingActions>
