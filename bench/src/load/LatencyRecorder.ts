import * as Y from 'yjs'
import { percentile } from '../stats.ts'

/** Key of one struct id (client id and clock). */
function idKey(client: number, clock: number): string {
  return `${client}:${clock}`
}

/** Latency summary of one run. */
export interface LatencySummary {
  p50: number
  p99: number
  max: number
  expected: number
  received: number
}

/**
 * Matches keystrokes sent by writers to the updates observers receive, by struct id
 * (client id + clock), and collects the delay of every delivery, in one process.
 */
export class LatencyRecorder {
  private readonly sentAt = new Map<string, number>()
  private readonly samples: number[] = []
  private expectedCount = 0
  private receivedCount = 0
  private observerCount = 0

  /** Starts a new round: observers registered from now on are the ones expected to deliver. */
  beginRound(): void {
    this.observerCount = 0
  }

  /** Registers an observer that will report its deliveries. */
  addObserver(): void {
    this.observerCount += 1
  }

  /** Records that the character with id (client, clock) is about to be sent now. */
  markSent(client: number, clock: number): void {
    this.sentAt.set(idKey(client, clock), performance.now())
    this.expectedCount += this.observerCount
  }

  /** Called by an observer for each update it receives; counts every known id in it. */
  observeUpdate(update: Uint8Array): void {
    const now = performance.now()
    const { structs } = Y.decodeUpdate(update)
    for (const struct of structs) {
      const { client, clock } = struct.id
      for (let offset = 0; offset < struct.length; offset++) {
        const sent = this.sentAt.get(idKey(client, clock + offset))
        if (sent === undefined) continue
        this.samples.push(now - sent)
        this.receivedCount += 1
      }
    }
  }

  /** Deliveries expected so far: every keystroke to every observer of its round. */
  get expected(): number {
    return this.expectedCount
  }

  /** Deliveries matched so far. */
  get received(): number {
    return this.receivedCount
  }

  /** Percentiles of the collected delays in milliseconds. */
  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b)
    return {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
      expected: this.expected,
      received: this.received,
    }
  }
}
