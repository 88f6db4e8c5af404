import type { StockEndpoint } from './StockWriter.ts'

/** What the main thread asks the writers' thread to do. */
export type WriterCommand =
  | { type: 'connect'; endpoint: StockEndpoint; writers: number }
  | { type: 'type'; charactersPerSecond: number; awarenessEveryMs?: number }
  | { type: 'stop' }
  | { type: 'finish' }

/** What the writers' thread reports. */
export type WriterEvent =
  | { type: 'ready' }
  /** Keystrokes about to be sent: client id, clock, and when (epoch ms, as `epochNow`). */
  | { type: 'sent'; marks: number[] }
  | { type: 'stopped' }
  | { type: 'finished'; identical: boolean }
  | { type: 'failed'; message: string }

/**
 * Milliseconds since the epoch with sub-millisecond precision, comparable between the threads
 * of one process (each thread's `performance.now()` counts from its own start).
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}
