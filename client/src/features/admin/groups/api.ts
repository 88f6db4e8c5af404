import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { GroupRole } from '../../../../../shared/domain.ts'
import { call, client } from '../../../api/client.ts'
import { identityKeys } from '../../identity/index.ts'

/** Which groups the admin list shows by archive state. */
export type ArchivedFilter = 'exclude' | 'include' | 'only'

/** The query keys of the admin groups page. */
export const adminGroupKeys = {
  all: ['admin', 'groups'] as const,
  list: (archived: ArchivedFilter, term: string) =>
    [...adminGroupKeys.all, 'list', archived, term] as const,
  candidates: (groupId: string, q: string) =>
    [...adminGroupKeys.all, 'candidates', groupId, q] as const,
}

/** The fields of a group form. */
export interface GroupFields {
  name: string
  subject: string
  grade: string
  term: string
}

/** A group as the admin list shows it: its fields, member count and members' schools. */
export type AdminGroup = Awaited<ReturnType<typeof fetchAdminGroups>>[number]

/** Fetches the groups the caller may see, filtered by archive state and term. */
async function fetchAdminGroups(archived: ArchivedFilter, term: string) {
  return (await call(client.groups.$get({ query: { archived, ...(term === '' ? {} : { term }) } })))
    .items
}

/** The groups the caller may see, with member counts and schools, filtered. */
export function useAdminGroups(archived: ArchivedFilter, term: string) {
  return useQuery({
    queryKey: adminGroupKeys.list(archived, term),
    queryFn: () => fetchAdminGroups(archived, term),
    placeholderData: keepPreviousData,
  })
}

/** An account the member picker offers, with its role in the group (null: not a member). */
export type GroupCandidate = Awaited<ReturnType<typeof fetchGroupCandidates>>[number]

/** Fetches the accounts of every school matching `q` for a group's member picker. */
async function fetchGroupCandidates(groupId: string, q: string) {
  return (
    await call(client.groups[':id'].candidates.$get({ param: { id: groupId }, query: { q } }))
  ).items
}

/** Accounts of every school matching `q`, for the member picker of a group. */
export function useGroupCandidates(groupId: string, q: string) {
  return useQuery({
    queryKey: adminGroupKeys.candidates(groupId, q),
    queryFn: () => fetchGroupCandidates(groupId, q),
    placeholderData: keepPreviousData,
  })
}

/** Refreshes every list a group change can alter. */
function useInvalidateGroups() {
  const queryClient = useQueryClient()
  return async () => {
    await queryClient.invalidateQueries({ queryKey: adminGroupKeys.all })
    await queryClient.invalidateQueries({ queryKey: identityKeys.all })
  }
}

/** Creates a group. */
export function useCreateGroupMutation() {
  const invalidate = useInvalidateGroups()
  return useMutation({
    mutationFn: async (fields: GroupFields) => call(client.groups.$post({ json: fields })),
    onSuccess: invalidate,
  })
}

/** Edits a group's fields, or archives / restores it. */
export function useUpdateGroupMutation() {
  const invalidate = useInvalidateGroups()
  return useMutation({
    mutationFn: async (input: {
      id: string
      changes: Partial<GroupFields> & { archived?: boolean }
    }) => call(client.groups[':id'].$patch({ param: { id: input.id }, json: input.changes })),
    onSuccess: invalidate,
  })
}

/** Adds a member to a group with a role, or changes their role. */
export function useSetMemberMutation() {
  const invalidate = useInvalidateGroups()
  return useMutation({
    mutationFn: async (input: { groupId: string; userId: string; role: GroupRole }) =>
      call(
        client.groups[':id'].members[':userId'].$put({
          param: { id: input.groupId, userId: input.userId },
          json: { role: input.role },
        }),
      ),
    onSuccess: invalidate,
  })
}

/** Removes a member from a group. */
export function useRemoveMemberMutation() {
  const invalidate = useInvalidateGroups()
  return useMutation({
    mutationFn: async (input: { groupId: string; userId: string }) =>
      call(
        client.groups[':id'].members[':userId'].$delete({
          param: { id: input.groupId, userId: input.userId },
        }),
      ),
    onSuccess: invalidate,
  })
}
