import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Language, PublicUser } from '../../../../../shared/domain.ts'
import { call, client } from '../../../api/client.ts'
import { setLanguage } from '../../../i18n/index.ts'
import { identityKeys, useLanguageMutation } from '../api.ts'

/** The query keys of "my account": the caller's personal API tokens. */
export const accountKeys = {
  all: [...identityKeys.all, 'account'] as const,
  tokens: () => [...accountKeys.all, 'tokens'] as const,
}

/** The caller's live (not revoked) personal API tokens, newest first. */
export function useMyTokens() {
  return useQuery({
    queryKey: accountKeys.tokens(),
    queryFn: async () => (await call(client.tokens.$get())).items,
  })
}

/** Renames the signed-in user; the header and every page show the new name at once. */
export function useUpdateDisplayNameMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (displayName: string) =>
      (await call(client.me.$patch({ json: { displayName } }))).user,
    onSuccess: (user) => {
      if (user) queryClient.setQueryData<PublicUser | null>(identityKeys.me(), user)
      // Names appear in group member lists, tasks and plans too.
      void queryClient.invalidateQueries({ queryKey: identityKeys.all })
    },
  })
}

/**
 * Switches the interface language at once and remembers it on the account (the same two steps
 * as the header's language switch).
 */
export function useChangeLanguage() {
  const rememberLanguage = useLanguageMutation()
  return async (language: Language): Promise<void> => {
    await setLanguage(language)
    await rememberLanguage.mutateAsync(language)
  }
}

/** Changes the password; the server signs out the other sessions and revokes every API token. */
export function useChangePasswordMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (json: { currentPassword: string; newPassword: string }) =>
      call(client.me.password.$post({ json })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens() }),
  })
}

/** Creates a personal API token; resolves to its secret, which is shown only this once. */
export function useCreateTokenMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (name: string) =>
      (await call(client.tokens.$post({ json: { name } }))).secret,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens() }),
  })
}

/** Revokes one of the caller's API tokens (its open connections close at once). */
export function useRevokeTokenMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => call(client.tokens[':id'].$delete({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens() }),
  })
}
