import { useQuery } from '@tanstack/react-query'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

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
    queryKey: ['library', q, filters],
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
    queryKey: ['library-entry', entryId],
    queryFn: async () => call(client.library[':id'].$get({ param: { id: entryId } })),
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}
