import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AffiliationStatus } from '../../../../../shared/identity/affiliations.ts'
import { call, client } from '../../../api/client.ts'

/** Filters of the affiliation list. */
export interface AffiliationFilters {
  schoolId?: string | undefined
  status?: AffiliationStatus | undefined
}

/** The query keys of the exchange-teacher page. */
export const exchangeKeys = {
  all: ['admin', 'exchanges'] as const,
  list: (filters: AffiliationFilters) => [...exchangeKeys.all, 'list', filters] as const,
}

/** The exchange affiliations within the caller's reach, filtered. */
export function useAffiliations(filters: AffiliationFilters) {
  return useQuery({
    queryKey: exchangeKeys.list(filters),
    queryFn: async () => {
      const query: { schoolId?: string; status?: AffiliationStatus } = {}
      if (filters.schoolId) query.schoolId = filters.schoolId
      if (filters.status) query.status = filters.status
      return (await call(client.admin.affiliations.$get({ query }))).items
    },
  })
}

/** Sends a teacher on an exchange to a host school for a range of days. */
export function useCreateAffiliationMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (values: {
      userId: string
      schoolId: string
      startsOn: string
      endsOn: string
    }) => {
      const { userId, ...json } = values
      return call(client.users[':id'].affiliations.$post({ param: { id: userId }, json }))
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exchangeKeys.all }),
  })
}

/** Changes the days of an exchange (ending it early is a new `endsOn`). */
export function useUpdateAffiliationMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (values: { id: string; startsOn?: string; endsOn?: string }) => {
      const { id, ...json } = values
      return call(client.affiliations[':id'].$patch({ param: { id }, json }))
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exchangeKeys.all }),
  })
}

/** Deletes an exchange. */
export function useDeleteAffiliationMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => call(client.affiliations[':id'].$delete({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exchangeKeys.all }),
  })
}
