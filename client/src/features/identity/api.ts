import { useQuery } from '@tanstack/react-query'
import type { PublicUser } from '../../../../shared/domain.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

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

/** The groups of the caller. */
export function useGroups() {
  return useQuery({
    queryKey: ['groups'],
    queryFn: async () => (await call(client.groups.$get())).items,
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
