import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, client } from '../../../api/client.ts'
import { identityKeys } from '../api.ts'

/** The query keys of the set-up and one-time link pages. */
export const setupKeys = {
  all: ['setup'] as const,
  link: (token: string) => [...setupKeys.all, 'link', token] as const,
  alliance: () => [...setupKeys.all, 'alliance'] as const,
}

/** Whom a one-time sign-in link signs in (the link stays unused). */
export function useLinkInfo(token: string) {
  return useQuery({
    queryKey: setupKeys.link(token),
    queryFn: async () => await call(client.auth.link.inspect.$post({ json: { token } })),
    enabled: token !== '',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  })
}

/** The alliance's name (null before the set-up), for the header. */
export function useAlliance(enabled: boolean) {
  return useQuery({
    queryKey: setupKeys.alliance(),
    queryFn: async () => (await call(client.alliance.$get())).alliance,
    enabled,
    staleTime: 10 * 60_000,
  })
}

/** What the set-up form sends. */
export interface SetupValues {
  allianceName: string
  schoolName: string
  username: string
  displayName: string
  password: string
}

/** Creates the alliance and its first admin with the set-up link; signs the admin in. */
export function useSetupMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (values: SetupValues & { token: string }) =>
      (await call(client.setup.$post({ json: values }))).user,
    onSuccess: (user) => {
      queryClient.setQueryData(identityKeys.me(), user)
      void queryClient.invalidateQueries({ queryKey: setupKeys.alliance() })
    },
  })
}

/** Redeems a one-time sign-in link with a new password; signs the person in. */
export function useRedeemLinkMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (values: { token: string; password: string }) =>
      (await call(client.auth.link.$post({ json: values }))).user,
    onSuccess: (user) => {
      queryClient.clear()
      queryClient.setQueryData(identityKeys.me(), user)
    },
  })
}
