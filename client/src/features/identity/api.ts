import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Language, PublicUser } from '../../../../shared/domain.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

/** The query keys of identity: the signed-in user, groups, schools and users. */
export const identityKeys = {
  all: ['identity'] as const,
  me: () => [...identityKeys.all, 'me'] as const,
  groups: () => [...identityKeys.all, 'groups'] as const,
  groupMembers: (groupId: string | undefined) =>
    [...identityKeys.all, 'group-members', groupId] as const,
  schools: () => [...identityKeys.all, 'schools'] as const,
  users: () => [...identityKeys.all, 'users'] as const,
}

/** The signed-in user, or null when signed out. */
export function useMe() {
  return useQuery({
    queryKey: identityKeys.me(),
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
    queryKey: identityKeys.groups(),
    queryFn: async () => (await call(client.groups.$get({ query: {} }))).items,
  })
}

/** The members of a group with their roles and schools. */
export function useGroupMembers(groupId: string | undefined) {
  return useQuery({
    queryKey: identityKeys.groupMembers(groupId),
    queryFn: async () =>
      (await call(client.groups[':id'].members.$get({ param: { id: groupId ?? '' } }))).items,
    enabled: Boolean(groupId),
  })
}

/** The schools of the caller's alliance (id and creation time, for their colours). */
export function useSchools() {
  return useQuery({
    queryKey: identityKeys.schools(),
    queryFn: async () => (await call(client.schools.$get())).items,
    staleTime: 10 * 60_000,
  })
}

/** The users the caller may see (for choosing people, e.g. library reviewers). */
export function useUsers() {
  return useQuery({
    queryKey: identityKeys.users(),
    queryFn: async () => (await call(client.users.$get())).items,
  })
}

/** Signs in with a username and password; the answer's user becomes the signed-in user. */
export function useSignInMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (values: { username: string; password: string }) =>
      (await call(client.auth.login.$post({ json: values }))).user,
    onSuccess: (user) => {
      queryClient.setQueryData(identityKeys.me(), user)
    },
  })
}

/** Signs out (even when the server cannot be reached) and forgets every cached answer. */
export function useSignOutMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (): Promise<void> => {
      await call(client.auth.logout.$post()).catch(() => undefined)
    },
    onSuccess: () => {
      queryClient.clear()
    },
  })
}

/**
 * Remembers the interface language on the account: the signed-in user shows it at once, and
 * the server is told (a failure is ignored; the device remembers it too).
 */
export function useLanguageMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    onMutate: (language: Language) => {
      const me = queryClient.getQueryData<PublicUser | null>(identityKeys.me())
      if (me) queryClient.setQueryData(identityKeys.me(), { ...me, language })
    },
    mutationFn: async (language: Language): Promise<void> => {
      await call(client.me.$patch({ json: { language } })).catch(() => undefined)
    },
  })
}
