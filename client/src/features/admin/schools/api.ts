import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, client } from '../../../api/client.ts'
import { identityKeys } from '../../identity/index.ts'

/** Query keys of the admin school list. */
export const adminSchoolKeys = {
  all: ['admin', 'schools'] as const,
}

/** Every school with its account count and archive state (alliance admin). */
export function useAdminSchools() {
  return useQuery({
    queryKey: adminSchoolKeys.all,
    queryFn: async () => (await call(client.admin.schools.$get())).items,
  })
}

/** Forgets the cached school lists (admin and public). */
function useInvalidateSchools() {
  const queryClient = useQueryClient()
  return async () => {
    await queryClient.invalidateQueries({ queryKey: adminSchoolKeys.all })
    await queryClient.invalidateQueries({ queryKey: identityKeys.schools() })
  }
}

/** Creates a school. */
export function useCreateSchoolMutation() {
  const invalidate = useInvalidateSchools()
  return useMutation({
    mutationFn: async (name: string) => call(client.schools.$post({ json: { name } })),
    onSuccess: invalidate,
  })
}

/** Renames, archives (true) or restores (false) a school. */
export function useUpdateSchoolMutation() {
  const invalidate = useInvalidateSchools()
  return useMutation({
    mutationFn: async ({
      id,
      changes,
    }: {
      id: string
      changes: { name?: string; archived?: boolean }
    }) => call(client.schools[':id'].$patch({ param: { id }, json: changes })),
    onSuccess: invalidate,
  })
}
