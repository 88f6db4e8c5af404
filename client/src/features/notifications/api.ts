import { useQuery } from '@tanstack/react-query'
import { call, client } from '../../api/client.ts'

/** How often the bell asks for new notifications. */
const POLL_MS = 30_000

/** The caller's latest notifications and unread count, polled every 30 s and on focus. */
export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: async () => call(client.notifications.$get({ query: { limit: '30' } })),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  })
}
