import { useQuery } from '@tanstack/react-query'
import type { DocumentInfo, PublicUser } from '../../../shared/domain.ts'
import { ApiError } from './ApiError.ts'
import { call, client } from './client.ts'

/** The signed-in user, or null when signed out. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<PublicUser | null> => {
      try {
        return (await call(client.me.$get())).user
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null
        throw error
      }
    },
    staleTime: 60_000,
  })
}

/** Filters of the plan list. */
export interface PlanFilters {
  subject?: string
  grade?: string
  unit?: string
  status?: DocumentInfo['status']
  q?: string
  mine?: boolean
  groupId?: string
}

/** Lesson plans the caller may see, newest first. */
export function usePlans(filters: PlanFilters) {
  return useQuery({
    queryKey: ['plans', filters],
    queryFn: async () => {
      const query: Record<string, string> = { kind: 'lesson_plan' }
      for (const [key, value] of Object.entries(filters)) {
        if (value !== undefined && value !== '') query[key] = String(value)
      }
      return (await call(client.documents.$get({ query }))).items
    },
  })
}

/** One document's metadata and the caller's permission. */
export function useDocument(documentId: string) {
  return useQuery({
    queryKey: ['document', documentId],
    queryFn: async () => {
      const answer = await call(client.documents[':id'].$get({ param: { id: documentId } }))
      return { ...answer.document, canPublish: answer.canPublish }
    },
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}

/** The groups of the caller. */
export function useGroups() {
  return useQuery({
    queryKey: ['groups'],
    queryFn: async () => (await call(client.groups.$get())).items,
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
