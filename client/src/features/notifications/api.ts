import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, client } from '../../api/client.ts'

/** How often the bell asks for new notifications. */
const POLL_MS = 30_000

/** The query keys of notifications. */
export const notificationKeys = {
  all: ['notifications'] as const,
  latest: () => [...notificationKeys.all, 'latest'] as const,
}

/** The caller's latest notifications and unread count, polled every 30 s and on focus. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.latest(),
    queryFn: async () => call(client.notifications.$get({ query: { limit: '30' } })),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  })
}

/** Marks some notifications (or all) read; a failure is ignored, the list is fetched again. */
export function useMarkReadMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (body: { ids: string[] } | { all: true }): Promise<void> => {
      await call(client.notifications.read.$post({ json: body })).catch(() => undefined)
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  })
}
