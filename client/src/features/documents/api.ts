import { useQuery } from '@tanstack/react-query'
import type { DocumentInfo } from '../../../../shared/domain.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

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
