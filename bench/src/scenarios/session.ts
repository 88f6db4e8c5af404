import { LatencyRecorder, type LatencySummary } from '../load/LatencyRecorder.ts'
import { RawClient } from '../load/RawClient.ts'
import { repeatJittered } from '../load/repeatJittered.ts'
import { WriterGroup } from '../load/WriterGroup.ts'
import { cpuSeconds, ownCpuSeconds, peakRssBytes } from '../proc.ts'
import { fixed, mib, ratioToBest, type Table } from '../report.ts'
import type { RunningTarget, Target } from '../servers/targets.ts'
import { sleep, waitUntil } from '../stats.ts'

/** Shape of a one-document editing session. */
export interface SessionShape {
  title: string
  /** Full clients (stock provider) that type. */
  writers: number
  /** Light raw clients that only watch (and send presence when `awarenessEveryMs` is set). */
  observers: number
  charactersPerSecond: number
  /** Rounds per server; the servers take turns, so that machine noise hits them alike. */
  rounds: number
  /** Typing time of one round. */
  roundMs: number
  /** Every client announces a presence change this often; undefined = never. */
  awarenessEveryMs?: number
  /**
   * Typing time of one round per server before the measured ones, not recorded: every
   * process's first seconds of work (the JIT compiling its hot paths, caches and files growing)
   * are slower than what a server that runs for days sees. Undefined = none.
   */
  warmUpMs?: number
}

/**
 * Where one contender's clients connect: the writers to one server, the observers to the same
 * one or to another instance sharing its documents.
 */
export interface SessionContender {
  name: string
  writersOn: RunningTarget
  observersOn: RunningTarget
}

/** Columns of a latency summary in the result tables. */
export const LATENCY_COLUMNS = [
  'p50 ms',
  'p99 ms',
  'p99 of each round, ms',
  'first delivery p50 / p99 ms',
  'max ms',
  'deliveries expected / received',
]

/** The cells of `LATENCY_COLUMNS` for one summary. */
export function latencyCells(summary: LatencySummary): string[] {
  return [
    fixed(summary.p50, 2),
    fixed(summary.p99, 2),
    summary.p99PerRound.map((value) => fixed(value, 1)).join(' '),
    `${fixed(summary.firstP50, 2)} / ${fixed(summary.firstP99, 2)}`,
    fixed(summary.max, 1),
    `${summary.expected} / ${summary.received}`,
  ]
}

/** One contender's measurements over all its rounds. */
export interface SessionResult extends LatencySummary {
  name: string
  /** CPU seconds while typing, per server: the writers' one, then the observers' if another. */
  serverCpu: number[]
  generatorCpu: number
  identical: boolean
}

/** One contender's accumulated measurements. */
interface SessionState {
  contender: SessionContender
  /** The writers' server, then the observers' when it is another one. */
  servers: RunningTarget[]
  recorder: LatencyRecorder
  serverCpu: number[]
  generatorCpu: number
  identical: boolean
}

async function inBatches<T>(
  count: number,
  size: number,
  make: (index: number) => T,
  ready: (item: T) => Promise<void>,
): Promise<T[]> {
  const items: T[] = []
  for (let start = 0; start < count; start += size) {
    const batch: T[] = []
    for (let index = start; index < Math.min(count, start + size); index++) batch.push(make(index))
    await Promise.all(batch.map(ready))
    items.push(...batch)
  }
  return items
}

function withTimeout(promise: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** One round on a fresh document of already running servers. */
async function runRound(state: SessionState, shape: SessionShape): Promise<void> {
  const { recorder } = state
  const { writersOn: server, observersOn } = state.contender
  const [documentName] = await server.createDocuments(1)
  if (!documentName) throw new Error('no document')
  recorder.beginRound()
  const writers = await WriterGroup.connect(
    server.stockEndpoint(documentName),
    shape.writers,
    recorder,
  )
  const observers = await inBatches(
    shape.observers,
    25,
    () => {
      recorder.addObserver()
      return new RawClient({
        url: observersOn.rawUrl(documentName),
        dialect: observersOn.dialect,
        documentName,
        token: observersOn.rawToken,
        recorder,
      })
    },
    (client) => withTimeout(client.synced, 30_000, 'observer sync'),
  )
  await sleep(300)
  const cpuBefore = state.servers.map((running) => cpuSeconds(running.process.pid))
  const generatorBefore = ownCpuSeconds()
  const stops: (() => void)[] = []
  writers.startTyping(shape.charactersPerSecond, shape.awarenessEveryMs)
  if (shape.awarenessEveryMs) {
    for (const [index, observer] of observers.entries()) {
      stops.push(
        repeatJittered(shape.awarenessEveryMs, () =>
          observer.sendAwareness({ user: { name: `watcher ${index}` }, at: Date.now() }),
        ),
      )
    }
  }
  await sleep(shape.roundMs)
  for (const stop of stops) stop()
  await writers.stopTyping()
  await waitUntil(() => recorder.received >= recorder.expected, 10_000)
  for (const [index, running] of state.servers.entries()) {
    state.serverCpu[index] =
      (state.serverCpu[index] ?? 0) + cpuSeconds(running.process.pid) - (cpuBefore[index] ?? 0)
  }
  state.generatorCpu += ownCpuSeconds() - generatorBefore
  if (!(await writers.finish())) state.identical = false
  for (const observer of observers) observer.close()
  await sleep(300)
}

/**
 * Runs the session for every contender on servers already running, the contenders taking turns
 * round by round (so that machine noise hits them alike).
 */
export async function runSessions(
  contenders: readonly SessionContender[],
  shape: SessionShape,
): Promise<SessionResult[]> {
  const states: SessionState[] = contenders.map((contender) => ({
    contender,
    servers:
      contender.observersOn === contender.writersOn
        ? [contender.writersOn]
        : [contender.writersOn, contender.observersOn],
    recorder: new LatencyRecorder(),
    serverCpu: [],
    generatorCpu: 0,
    identical: true,
  }))
  if (shape.warmUpMs) {
    const warmUp = { ...shape, roundMs: shape.warmUpMs }
    for (const state of states) {
      const unrecorded = {
        ...state,
        recorder: new LatencyRecorder(),
        serverCpu: [],
        generatorCpu: 0,
      }
      await runRound(unrecorded, warmUp)
      if (!unrecorded.identical) state.identical = false
    }
  }
  for (let round = 0; round < shape.rounds; round++) {
    for (const state of states) await runRound(state, shape)
  }
  return states.map((state) => ({
    name: state.contender.name,
    ...state.recorder.summary(),
    serverCpu: state.serverCpu,
    generatorCpu: state.generatorCpu,
    identical: state.identical,
  }))
}

/** Server CPU microseconds per delivery made (keystroke × observer). */
function cpuPerDelivery(result: { serverCpu: number; received: number }): number {
  return result.received > 0 ? (result.serverCpu * 1e6) / result.received : Number.NaN
}

/**
 * Runs the session against every target, the servers taking turns round by round, and builds
 * the result table.
 */
export async function sessionTable(
  targets: readonly Target[],
  shape: SessionShape,
): Promise<Table> {
  const servers: RunningTarget[] = []
  try {
    for (const target of targets) servers.push(await target.start())
    const sessions = await runSessions(
      servers.map((server) => ({ name: server.name, writersOn: server, observersOn: server })),
      shape,
    )
    const results = sessions.map((session, index) => ({
      ...session,
      serverCpu: session.serverCpu[0] ?? 0,
      peakRss: peakRssBytes((servers[index] as RunningTarget).process.pid),
    }))
    return {
      title: shape.title,
      columns: [
        'server',
        ...LATENCY_COLUMNS,
        'server CPU s',
        'server CPU µs per delivery',
        'server peak RSS',
        'generator CPU s',
        'writers identical',
      ],
      rows: results.map((result) => [
        result.name,
        ...latencyCells(result),
        fixed(result.serverCpu, 2),
        fixed(cpuPerDelivery(result), 1),
        mib(result.peakRss),
        fixed(result.generatorCpu, 2),
        result.identical ? 'yes' : 'NO',
      ]),
      notes: [
        `${shape.rounds} round(s) of ${shape.roundMs / 1000} s per server on a fresh document each, the servers taking turns${shape.warmUpMs ? `, after one unrecorded warm-up round of ${shape.warmUpMs / 1000} s each` : ''}; each writer's keystrokes (and each client's presence) come at random gaps of 0.5–1.5 times the mean. Jibei / best reference: p50 ${ratioToBest(results.map((r) => ({ name: r.name, value: r.p50 })))}, p99 ${ratioToBest(results.map((r) => ({ name: r.name, value: r.p99 })))}, first delivery p99 ${ratioToBest(results.map((r) => ({ name: r.name, value: r.firstP99 })))}, server CPU per delivery ${ratioToBest(results.map((r) => ({ name: r.name, value: cpuPerDelivery(r) })))} (first delivery: each keystroke's earliest receipt by any observer, mostly the server's relay; the later copies wait for the generator to read the other observers' sockets one after another. Per delivery: when the generator's core is saturated, fewer keystrokes are typed against a server that keeps it busier, and that server's total CPU looks smaller). The best of three or four servers is compared with one: with tails this close, the per-round p99s show whether a difference exceeds how much each server's tail moves from round to round.`,
      ],
    }
  } finally {
    for (const server of servers) await server.process.stop()
  }
}
