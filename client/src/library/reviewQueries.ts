import { useQuery } from '@tanstack/react-query'
import { call, client } from '../api/client.ts'

/** The alliance's library settings as the caller may see them (review required, my rights). */
export function useLibrarySettings() {
  return useQuery({
    queryKey: ['library-settings'],
    queryFn: async () => call(client.library.settings.$get()),
    staleTime: 30_000,
  })
}

/** Submissions for publication: all for reviewers, one's own otherwise; optionally one plan's. */
export function useSubmissions(filter: { documentId?: string; status?: 'pending' }) {
  return useQuery({
    queryKey: ['library-submissions', filter],
    queryFn: async () => {
      const query: Record<string, string> = {}
      if (filter.documentId) query.documentId = filter.documentId
      if (filter.status) query.status = filter.status
      return (await call(client.library.submissions.$get({ query }))).items
    },
  })
}

/** One submission with the plan as it was submitted. */
export function useSubmission(submissionId: string | null) {
  return useQuery({
    queryKey: ['library-submission', submissionId],
    enabled: submissionId !== null,
    queryFn: async () =>
      call(client.library.submissions[':id'].$get({ param: { id: submissionId ?? '' } })),
  })
}
