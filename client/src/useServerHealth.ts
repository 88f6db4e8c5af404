import { useEffect, useState } from 'react'

/** What the client knows about the server: still asking, up, or unreachable. */
export type ServerHealth = 'checking' | 'ok' | 'unreachable'

/** Polls `GET /api/health` every few seconds. */
export function useServerHealth(intervalMs = 5000): ServerHealth {
  const [health, setHealth] = useState<ServerHealth>('checking')
  useEffect(() => {
    let cancelled = false
    const check = async (): Promise<void> => {
      try {
        const response = await fetch('/api/health')
        const body = (await response.json()) as { ok?: boolean }
        if (!cancelled) setHealth(response.ok && body.ok === true ? 'ok' : 'unreachable')
      } catch {
        if (!cancelled) setHealth('unreachable')
      }
    }
    void check()
    const timer = setInterval(check, intervalMs)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [intervalMs])
  return health
}
