import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

/** Filters of the library list and search. */
export interface LibraryFilters {
  subject?: string
  grade?: string
  textbookEdition?: string
  unit?: string
  schoolId?: string
  /** Lowest average rating, 1–5. */
  minRating?: number
  sort?: 'newest' | 'rating' | 'adapted'
  limit?: number
}

/** Which submissions a list shows: one plan's, only pending ones, or all the caller may see. */
export interface SubmissionFilter {
  documentId?: string
  status?: 'pending'
}

/** The query keys of the library: lists, entries, review settings, submissions, provenance. */
export const libraryKeys = {
  all: ['library'] as const,
  lists: () => [...libraryKeys.all, 'list'] as const,
  list: (q: string, filters: LibraryFilters) => [...libraryKeys.lists(), q, filters] as const,
  entry: (entryId: string) => [...libraryKeys.all, 'entry', entryId] as const,
  settings: () => [...libraryKeys.all, 'settings'] as const,
  submissions: () => [...libraryKeys.all, 'submissions'] as const,
  submissionList: (filter: SubmissionFilter) => [...libraryKeys.submissions(), filter] as const,
  submission: (submissionId: string | null) =>
    [...libraryKeys.all, 'submission', submissionId] as const,
  provenance: (documentId: string) => [...libraryKeys.all, 'provenance', documentId] as const,
}

/** The alliance's library settings as the caller may see them (review required, my rights). */
export function useLibrarySettings() {
  return useQuery({
    queryKey: libraryKeys.settings(),
    queryFn: async () => call(client.library.settings.$get()),
    staleTime: 30_000,
  })
}

/** Submissions for publication: all for reviewers, one's own otherwise; optionally one plan's. */
export function useSubmissions(filter: SubmissionFilter) {
  return useQuery({
    queryKey: libraryKeys.submissionList(filter),
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
    queryKey: libraryKeys.submission(submissionId),
    enabled: submissionId !== null,
    queryFn: async () =>
      call(client.library.submissions[':id'].$get({ param: { id: submissionId ?? '' } })),
  })
}

function libraryQueryOf(filters: LibraryFilters): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query[key] = String(value)
  }
  return query
}

/** Library entries, or search results with snippets when `q` is not empty. */
export function useLibrary(q: string, filters: LibraryFilters) {
  return useQuery({
    queryKey: libraryKeys.list(q, filters),
    queryFn: async () => {
      const query = libraryQueryOf(filters)
      if (q.trim()) {
        return (await call(client.library.search.$get({ query: { ...query, q } }))).items
      }
      const items = (await call(client.library.$get({ query }))).items
      return items.map((item) => ({ ...item, snippet: '', titleHighlighted: '' }))
    },
  })
}

/** One library entry with its text, versions and reviews. */
export function useLibraryEntry(entryId: string) {
  return useQuery({
    queryKey: libraryKeys.entry(entryId),
    queryFn: async () => call(client.library[':id'].$get({ param: { id: entryId } })),
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}

/** Where a plan adapted from the library came from, and whether a newer version exists. */
export function useProvenance(documentId: string) {
  return useQuery({
    queryKey: libraryKeys.provenance(documentId),
    queryFn: async () =>
      (await call(client.documents[':id'].provenance.$get({ param: { id: documentId } })))
        .provenance,
    staleTime: 60_000,
  })
}

/** Publishes a final plan (or submits it for review); a submission refreshes the submissions. */
export function usePublishMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (documentId: string) => call(client.library.$post({ json: { documentId } })),
    onSuccess: async (result) => {
      if (result.status === 'published') return
      await queryClient.invalidateQueries({ queryKey: libraryKeys.submissions() })
    },
  })
}

/** Withdraws one's pending submission. */
export function useCancelSubmissionMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (submissionId: string) =>
      call(client.library.submissions[':id'].cancel.$post({ param: { id: submissionId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryKeys.submissions() }),
  })
}

/** Saves whether publication needs a review, and who the reviewers are. */
export function useSaveLibrarySettingsMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (json: { requireReview: boolean; reviewerIds: string[] }) =>
      call(client.library.settings.$put({ json })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryKeys.settings() }),
  })
}

/** A reviewer's decision on a submission, with its comment. */
export interface SubmissionDecision {
  submissionId: string
  decision: 'approve' | 'return'
  comment: string
}

/** Approves (publishes) or returns a submission; the submissions and library lists refresh. */
export function useDecideSubmissionMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ submissionId, decision, comment }: SubmissionDecision) => {
      const param = { id: submissionId }
      const json = { comment }
      return decision === 'approve'
        ? call(client.library.submissions[':id'].approve.$post({ param, json }))
        : call(client.library.submissions[':id'].return.$post({ param, json }))
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: libraryKeys.submissions() })
      await queryClient.invalidateQueries({ queryKey: libraryKeys.lists() })
    },
  })
}

/** Copies a library entry into a new plan of the caller's; resolves to the plan's id. */
export function useAdaptMutation() {
  return useMutation({
    mutationFn: async (entryId: string) =>
      (await call(client.library[':id'].adapt.$post({ param: { id: entryId } }))).id,
  })
}

/** Rates (and comments on) a library entry; the entry is fetched again. */
export function useReviewEntryMutation(entryId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (json: { stars: number; comment: string }) =>
      call(client.library[':id'].review.$put({ param: { id: entryId }, json })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: libraryKeys.entry(entryId) }),
  })
}
