import { useEffect, useState } from 'react'

/** The server's clock as this browser estimates it, refreshed every `intervalMs`. */
export function useServerNow(clockOffsetMs: number, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now() + clockOffsetMs)
  useEffect(() => {
    setNow(Date.now() + clockOffsetMs)
    const timer = setInterval(() => setNow(Date.now() + clockOffsetMs), intervalMs)
    return () => clearInterval(timer)
  }, [clockOffsetMs, intervalMs])
  return now
}

const pad = (value: number): string => String(value).padStart(2, '0')

/** A countdown as `mm:ss` (whole seconds rounded up), `-mm:ss` when over time. */
export function formatCountdown(remainingMs: number): string {
  const over = remainingMs < 0
  const seconds = over ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000)
  const text = `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`
  return over ? `-${text}` : text
}

/** A duration as `h:mm:ss`. */
export function formatElapsed(elapsedMs: number): string {
  const seconds = Math.max(0, Math.floor(elapsedMs / 1000))
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`
}
