import * as Y from 'yjs'
import { percentile } from '../stats.ts'
import { epochNow } from './writerProtocol.ts'

/** Key of one struct id (client id and clock). */
function idKey(client: number, clock: number): string {
  return `${client}:${clock}`
}

/** Latency summary of one run. */
export interface LatencySummary {
  p50: number
  p99: number
  /** p99 of each round on its own (how much the tail moves from one round to the next). */
  p99PerRound: number[]
  /**
   * Median and p99 over keystrokes of each keystroke's earliest delivery: how long the server
   * took to relay it, before the generator reads the other observers' copies one by one.
   */
  firstP50: number
  firstP99: number
  max: number
  expected: number
  received: number
}

/**
 * Matches keystrokes sent by writers to the updates observers receive, by struct id
 * (client id + clock), and collects the delay of every delivery, in one process.
 */
export class LatencyRecorder {
  /** Send times (epoch ms, `epochNow`) by struct id, of this round's keystrokes. */
  private readonly sentAt = new Map<string, number>()
  /**
   * Receipts of ids whose send time is not known yet (the writers' thread reports a keystroke
   * just before sending it, so this is rare): receipt times, matched when the report comes.
   */
  private readonly early = new Map<string, number[]>()
  private readonly samples: number[] = []
  /** Earliest delivery of each of this round's keystrokes, by struct id. */
  private readonly firstDelivery = new Map<string, number>()
  /** Earliest delivery of each keystroke of the finished rounds. */
  private readonly firstSamples: number[] = []
  /** Index in `samples` where each round's deliveries begin. */
  private readonly roundStarts: number[] = []
  private expectedCount = 0
  private receivedCount = 0
  private observerCount = 0

  /**
   * Starts a new round: observers registered from now on are the ones expected to deliver.
   * The previous round's send times are dropped (its deliveries were awaited), which keeps
   * the generator's heap from growing over the run.
   */
  beginRound(): void {
    this.observerCount = 0
    this.keepFirstDeliveries()
    this.sentAt.clear()
    this.early.clear()
    this.roundStarts.push(this.samples.length)
  }

  /** Registers an observer that will report its deliveries. */
  addObserver(): void {
    this.observerCount += 1
  }

  /** Records that the character with id (client, clock) is sent at `at` (epoch ms). */
  markSent(client: number, clock: number, at = epochNow()): void {
    const key = idKey(client, clock)
    this.sentAt.set(key, at)
    this.expectedCount += this.observerCount
    const received = this.early.get(key)
    if (!received) return
    this.early.delete(key)
    for (const receivedAt of received) this.record(key, receivedAt - at)
  }

  private record(key: string, delay: number): void {
    this.samples.push(delay)
    this.receivedCount += 1
    const first = this.firstDelivery.get(key)
    if (first === undefined || delay < first) this.firstDelivery.set(key, delay)
  }

  private keepFirstDeliveries(): void {
    for (const delay of this.firstDelivery.values()) this.firstSamples.push(delay)
    this.firstDelivery.clear()
  }

  /** Called by an observer for each update it receives; counts every known id in it. */
  observeUpdate(update: Uint8Array): void {
    const now = epochNow()
    const { structs } = Y.decodeUpdate(update)
    for (const struct of structs) {
      const { client, clock } = struct.id
      for (let offset = 0; offset < struct.length; offset++) {
        const key = idKey(client, clock + offset)
        const sent = this.sentAt.get(key)
        if (sent !== undefined) {
          this.record(key, now - sent)
          continue
        }
        // Only typed characters are counted: other structs (initial content) have no report.
        const early = this.early.get(key)
        if (early) early.push(now)
        else this.early.set(key, [now])
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
    this.keepFirstDeliveries()
    const firsts = [...this.firstSamples].sort((a, b) => a - b)
    const sorted = [...this.samples].sort((a, b) => a - b)
    const p99PerRound = this.roundStarts.map((start, index) => {
      const end = this.roundStarts[index + 1] ?? this.samples.length
      const round = this.samples.slice(start, end).sort((a, b) => a - b)
      return percentile(round, 0.99)
    })
    return {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      p99PerRound,
      firstP50: percentile(firsts, 0.5),
      firstP99: percentile(firsts, 0.99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
      expected: this.expected,
      received: this.received,
    }
  }
}
