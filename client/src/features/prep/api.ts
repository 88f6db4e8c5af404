import { useQuery } from '@tanstack/react-query'
import { call, client } from '../../api/client.ts'

/** The life-cycle facts of a plan and what the caller may do next. */
export function useLifecycle(documentId: string) {
  return useQuery({
    queryKey: ['lifecycle', documentId],
    queryFn: async () =>
      (await call(client.documents[':id'].lifecycle.$get({ param: { id: documentId } }))).lifecycle,
  })
}

/** The comparison of a 个案 with its common plan (only fetched when `enabled`). */
export function useComparison(documentId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['comparison', documentId],
    queryFn: async () =>
      call(client.documents[':id'].comparison.$get({ param: { id: documentId } })),
    enabled,
    refetchOnWindowFocus: true,
  })
}

/** The reflections recorded on a plan. */
export function useReflections(documentId: string) {
  return useQuery({
    queryKey: ['reflections', documentId],
    queryFn: async () =>
      (await call(client.documents[':id'].reflections.$get({ param: { id: documentId } }))).items,
  })
}

/** The preparation tasks (term schedule) of a group. */
export function useGroupTasks(groupId: string | undefined) {
  return useQuery({
    queryKey: ['tasks', groupId],
    queryFn: async () =>
      (await call(client.groups[':groupId'].tasks.$get({ param: { groupId: groupId ?? '' } })))
        .items,
    enabled: Boolean(groupId),
  })
}
