import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AdminUserStatus, Language, UserRole } from '../../../../../shared/domain.ts'
import { call, client } from '../../../api/client.ts'
import { identityKeys } from '../../identity/index.ts'

/** The filters and page of the admin account list. */
export interface AdminUserFilters {
  q: string
  schoolId: string | undefined
  role: UserRole | undefined
  status: AdminUserStatus | undefined
  page: number
  pageSize: number
}

/** Query keys of the admin account list. */
export const adminUserKeys = {
  all: ['admin', 'users'] as const,
  list: (filters: AdminUserFilters) => [...adminUserKeys.all, 'list', filters] as const,
}

/** A one-time sign-in link, shown once. */
export interface SignInLink {
  url: string
  expiresAt: number
}

/** One page of the accounts the caller administers, with the total for the pager. */
export function useAdminUsers(filters: AdminUserFilters) {
  return useQuery({
    queryKey: adminUserKeys.list(filters),
    queryFn: async () => {
      const query: Record<string, string> = {
        limit: String(filters.pageSize),
        offset: String((filters.page - 1) * filters.pageSize),
      }
      if (filters.q) query.q = filters.q
      if (filters.schoolId) query.schoolId = filters.schoolId
      if (filters.role) query.role = filters.role
      if (filters.status) query.status = filters.status
      return call(client.admin.users.$get({ query }))
    },
    placeholderData: keepPreviousData,
  })
}

/** Forgets every cached account list (the admin one and the pickers'). */
function useInvalidateUsers() {
  const queryClient = useQueryClient()
  return async () => {
    await queryClient.invalidateQueries({ queryKey: adminUserKeys.all })
    await queryClient.invalidateQueries({ queryKey: identityKeys.users() })
  }
}

/** The fields of a new account; without a password the answer carries a one-time link. */
export interface NewUserValues {
  username: string
  displayName: string
  password?: string | undefined
  schoolId?: string | undefined
  role: UserRole
  language?: Language | undefined
  phone?: string | undefined
  email?: string | undefined
  subject?: string | undefined
  grade?: string | undefined
}

/** Creates an account (POST /api/users); resolves to its id and, if any, its sign-in link. */
export function useCreateUserMutation() {
  const invalidate = useInvalidateUsers()
  return useMutation({
    mutationFn: async (values: NewUserValues) => {
      const json = Object.fromEntries(
        Object.entries(values).filter(([, value]) => value !== undefined && value !== ''),
      ) as unknown as Parameters<typeof client.users.$post>[0]['json']
      const reply = await call(client.users.$post({ json }))
      const link: SignInLink | null = 'link' in reply && reply.link ? reply.link : null
      return { id: reply.id, link }
    },
    onSuccess: invalidate,
  })
}

/** The changes an administrator may make to an account. */
export interface UserChanges {
  displayName?: string
  role?: UserRole
  disabled?: boolean
  phone?: string | null
  email?: string | null
  subject?: string
  grade?: string
  schoolId?: string
}

/** Changes an account (PATCH /api/users/:id). */
export function useUpdateUserMutation() {
  const invalidate = useInvalidateUsers()
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: UserChanges }) =>
      call(client.users[':id'].$patch({ param: { id }, json: changes })),
    onSuccess: invalidate,
  })
}

/** Replaces an account's password by a one-time sign-in link (shown once). */
export function useSignInLinkMutation() {
  const invalidate = useInvalidateUsers()
  return useMutation({
    mutationFn: async (id: string): Promise<SignInLink> => {
      const reply = await call(client.users[':id']['sign-in-link'].$post({ param: { id } }))
      return { url: reply.url, expiresAt: reply.expiresAt }
    },
    onSuccess: invalidate,
  })
}

/** Lifts the sign-in locks of an account. */
export function useUnlockUserMutation() {
  return useMutation({
    mutationFn: async (id: string) => call(client.users[':id'].unlock.$post({ param: { id } })),
  })
}
