import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
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

/** The query keys of documents: plan lists per filter, and one document's metadata. */
export const documentKeys = {
  all: ['documents'] as const,
  lists: () => [...documentKeys.all, 'list'] as const,
  list: (filters: PlanFilters) => [...documentKeys.lists(), filters] as const,
  detail: (documentId: string) => [...documentKeys.all, 'detail', documentId] as const,
}

/** Lesson plans the caller may see, newest first. */
export function usePlans(filters: PlanFilters) {
  return useQuery({
    queryKey: documentKeys.list(filters),
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
    queryKey: documentKeys.detail(documentId),
    queryFn: async () => {
      const answer = await call(client.documents[':id'].$get({ param: { id: documentId } }))
      return { ...answer.document, canPublish: answer.canPublish }
    },
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}

/** What the new-plan dialog asks for. */
export interface NewPlanInput {
  title: string
  subject: string
  grade: string
  textbookEdition: string
  unit: string
  lesson: string
  groupId?: string
}

/** Creates a lesson plan from the template; the plan lists are fetched again. */
export function useCreatePlanMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (values: NewPlanInput) =>
      call(
        client.documents.$post({
          json: { kind: 'lesson_plan', ...values, groupId: values.groupId ?? null },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.lists() }),
  })
}

/** Answer of `POST /api/uploads`. */
type UploadAnswer = { ok: true; url: string } | { ok: false; error: string; message: string }

/** Sends an image to `POST /api/uploads` for a document; resolves to its `/uploads/…` URL. */
export function useUploadImageMutation(documentId: string) {
  return useMutation({
    mutationFn: async (file: File): Promise<string> => {
      const form = new FormData()
      form.append('file', file)
      const { url } = await call<UploadAnswer>(
        fetch(`/api/uploads?documentId=${encodeURIComponent(documentId)}`, {
          method: 'POST',
          body: form,
          credentials: 'same-origin',
        }),
      )
      return url
    },
  })
}
