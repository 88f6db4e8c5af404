import { useQuery } from '@tanstack/react-query'
import { call, client } from '../api/client.ts'

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

/** The members of a group with their roles and schools. */
export function useGroupMembers(groupId: string | undefined) {
  return useQuery({
    queryKey: ['group-members', groupId],
    queryFn: async () =>
      (await call(client.groups[':id'].members.$get({ param: { id: groupId ?? '' } }))).items,
    enabled: Boolean(groupId),
  })
}
