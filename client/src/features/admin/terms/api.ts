import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, client } from '../../../api/client.ts'
import { identityKeys } from '../../identity/index.ts'

/** The query keys of the terms page. */
export const termKeys = {
  all: ['admin', 'terms'] as const,
  list: () => [...termKeys.all, 'list'] as const,
}

/** The terms present among the groups, with their active and archived group counts. */
export function useTerms() {
  return useQuery({
    queryKey: termKeys.list(),
    queryFn: async () => (await call(client.admin.terms.$get())).items,
  })
}

/** Rolls a term over: copies its (chosen) groups to the new term and archives them. */
export function useRolloverMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (json: { fromTerm: string; toTerm: string; groupIds?: string[] }) =>
      call(client.admin.terms.rollover.$post({ json })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: termKeys.all })
      await queryClient.invalidateQueries({ queryKey: identityKeys.groups() })
    },
  })
}
