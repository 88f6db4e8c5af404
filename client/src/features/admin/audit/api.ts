import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { call, client } from '../../../api/client.ts'

/** How many entries one page of the audit table loads. */
export const AUDIT_PAGE_SIZE = 50

/** The filters of the audit page, as the API's query parameters (absent: no filter). */
export interface AuditFilters {
  actorId?: string | undefined
  /** Actions, comma-separated in the query. */
  action?: string[] | undefined
  targetType?: string | undefined
  /** Entries at or after this instant (epoch ms as text: the first day's local midnight). */
  from?: string | undefined
  /** Entries at or before this instant (epoch ms as text: the last day's local end). */
  to?: string | undefined
  /** Text to find in the action, details, actor and target names. */
  q?: string | undefined
}

/** The query keys of the audit page. */
export const adminAuditKeys = {
  all: ['admin', 'audit'] as const,
  list: (filters: AuditFilters) => [...adminAuditKeys.all, 'list', filters] as const,
  actions: () => [...adminAuditKeys.all, 'actions'] as const,
}

/** The filters as query parameters: only those that are set, the actions comma-joined. */
export function auditQueryOf(filters: AuditFilters): Record<string, string> {
  const query: Record<string, string> = {}
  if (filters.actorId) query.actorId = filters.actorId
  if (filters.action && filters.action.length > 0) query.action = filters.action.join(',')
  if (filters.targetType) query.targetType = filters.targetType
  if (filters.from) query.from = filters.from
  if (filters.to) query.to = filters.to
  if (filters.q?.trim()) query.q = filters.q.trim()
  return query
}

/** The address of the CSV export of the filtered entries. */
export function auditExportUrl(filters: AuditFilters): string {
  const query = new URLSearchParams(auditQueryOf(filters)).toString()
  return `/api/audit/export${query === '' ? '' : `?${query}`}`
}

/** The filtered audit entries, newest first, a page at a time (keyset cursor). */
export function useAuditEntries(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminAuditKeys.list(filters),
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) =>
      call(
        client.audit.$get({
          query: {
            ...auditQueryOf(filters),
            limit: String(AUDIT_PAGE_SIZE),
            ...(pageParam === undefined ? {} : { before: String(pageParam) }),
          },
        }),
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
  })
}

/** The distinct actions of the log the caller may read, for the action filter. */
export function useAuditActions() {
  return useQuery({
    queryKey: adminAuditKeys.actions(),
    queryFn: async () => (await call(client.audit.actions.$get())).items,
  })
}
