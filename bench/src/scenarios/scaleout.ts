/**
 * Jibei's scale-out (PostgreSQL + Redis) against itself on SQLite: append rate of the
 * persistence replay, relay latency between two instances against within one, and the
 * many-documents scenario on one instance against two. Jibei only, no reference servers.
 */
import { fixed, kib, mib, type Table } from '../report.ts'
import { freePort } from '../servers/ServerProcess.ts'
import {
  dropScaleOut,
  freshScaleOut,
  lastSerial,
  serviceVersions,
} from '../servers/scaleOutServices.ts'
import {
  type JibeiScaleOut,
  type RunningTarget,
  type StartOptions,
  TARGETS,
} from '../servers/targets.ts'
import { percentile } from '../stats.ts'
import type { Trace } from '../trace.ts'
import {
  type InstanceMeasurement,
  type InstanceUnderTest,
  type ManyDocumentsMeasurement,
  type ManyDocumentsShape,
  measureManyDocuments,
  WARM_UP_DOCUMENTS,
} from './manyDocuments.ts'
import { type ReplayResult, replay } from './persistence.ts'
import { LATENCY_COLUMNS, latencyCells, runSessions, type SessionShape } from './session.ts'

/** Settings of the scale-out scenario. */
export interface ScaleOutShape {
  /** Transactions of the trace replayed on SQLite and on PostgreSQL. */
  replayTxns: number
  /** The hot document of the relay measurement (its title is not used). */
  session: SessionShape
  /** The many-documents measurement on one and on two instances. */
  many: ManyDocumentsShape
}

/** The PostgreSQL table Jibei appends updates to, and its serial key. */
const UPDATE_LOG = { table: 'document_updates', column: 'seq' }

/** What a 2-core machine cannot show, said under the tables. */
const TWO_CORES_NOTE =
  'All Jibei instances are pinned to core 0 and the load generator to core 1, like the other scenarios; PostgreSQL and Redis run unpinned on the same 2 cores. Two instances therefore share one core: these figures show the cost of the relay hop and how memory splits, not throughput scaling with instances, which needs a core (or a machine) per instance.'

/** Starts `count` Jibei instances with `options(index)`; stops those started if one fails. */
async function startInstances(
  count: number,
  options: (index: number) => Promise<StartOptions>,
): Promise<RunningTarget[]> {
  const started: RunningTarget[] = []
  try {
    for (let index = 0; index < count; index++) {
      started.push(await TARGETS.jibei.start(await options(index)))
    }
    return started
  } catch (error) {
    await stopAll(started)
    throw error
  }
}

async function stopAll(servers: readonly RunningTarget[]): Promise<void> {
  for (const server of servers) await server.process.stop()
}

/** "a / b" of one value per instance. */
function perInstance(values: readonly number[], format: (value: number) => string): string {
  return values.map(format).join(' / ')
}

/** (a) The persistence replay on SQLite and on PostgreSQL, one instance without Redis each. */
async function replayTable(
  trace: Trace,
  shape: ScaleOutShape,
  scaleOut: Required<JibeiScaleOut>,
): Promise<Table> {
  const { postgres } = scaleOut
  const storages: Array<{ label: string; scaleOut: JibeiScaleOut }> = [
    { label: 'SQLite (WAL, data folder on disk)', scaleOut: {} },
    { label: `PostgreSQL (schema ${postgres.schema})`, scaleOut: { postgres } },
  ]
  const rows: string[][] = []
  for (const storage of storages) {
    const onPostgres = storage.scaleOut.postgres !== undefined
    const [server] = await startInstances(1, async () => ({ scaleOut: storage.scaleOut }))
    if (!server) throw new Error('no server')
    let result: Omit<ReplayResult, 'name'>
    let rowsBefore = 0
    let appended = Number.NaN
    try {
      const [documentName] = await server.createDocuments(1)
      if (!documentName) throw new Error('no document')
      const appendedRows = (): Promise<number> =>
        lastSerial(postgres.url, postgres.schema, UPDATE_LOG.table, UPDATE_LOG.column)
      if (onPostgres) rowsBefore = await appendedRows()
      result = await replay(server, documentName, trace, shape.replayTxns)
      if (onPostgres) appended = (await appendedRows()) - rowsBefore
    } finally {
      await server.process.stop()
    }
    rows.push([
      storage.label,
      kib(result.updateBytes),
      fixed(result.seconds, 2),
      fixed(result.txns / result.seconds, 0),
      fixed(result.serverCpu, 2),
      onPostgres ? String(appended) : '–',
      onPostgres ? fixed(result.txns / appended, 0) : '–',
    ])
  }
  return {
    title: `Scale-out (a): automerge-paper replay, ${shape.replayTxns} transactions through one stock provider, one observer — Jibei on SQLite vs PostgreSQL (one instance, no Redis)`,
    columns: [
      'storage',
      'update bytes sent',
      'seconds until observed',
      'updates/s',
      'server CPU s',
      'log rows appended',
      'transactions per row',
    ],
    rows,
    notes: [
      `Same replay as the persistence scenario. Updates/s counts the trace's transactions until the observer held them all; each reached storage before it was relayed. Log rows appended: rows inserted into PostgreSQL's ${UPDATE_LOG.table} from the replay's start until the observer held everything plus the settling time (from its ${UPDATE_LOG.column} sequence, so compacted rows count); Jibei writes one row per append transaction (a batch: the updates that arrived while the previous append was in flight, merged into one), so the replay, which streams thousands of updates per event-loop turn, costs PostgreSQL few but large commits; interactive typing (table (b)) commits about once per keystroke burst instead. Server CPU s is the Jibei process only; PostgreSQL's own backends are not counted.`,
    ],
  }
}

/** (b) Relay latency: SQLite alone, PostgreSQL + Redis within one instance, across two. */
async function relayTable(shape: ScaleOutShape, scaleOut: Required<JibeiScaleOut>): Promise<Table> {
  const servers = await startInstances(3, async (index) => (index === 0 ? {} : { scaleOut }))
  try {
    const [alone, first, second] = servers as [RunningTarget, RunningTarget, RunningTarget]
    const results = await runSessions(
      [
        { name: '0: one instance, SQLite, no Redis', writersOn: alone, observersOn: alone },
        {
          name: '1: PostgreSQL + Redis, everyone on instance 1',
          writersOn: first,
          observersOn: first,
        },
        {
          name: '2: PostgreSQL + Redis, writers on instance 1, observers on instance 2',
          writersOn: first,
          observersOn: second,
        },
      ],
      shape.session,
    )
    const { session } = shape
    return {
      title: `Scale-out (b): relay latency, 1 document, ${session.writers} writers (stock providers) typing ${session.charactersPerSecond} characters/s each, ${session.observers} raw observers; ${(session.rounds * session.roundMs) / 1000} s per configuration`,
      columns: [
        'configuration',
        ...LATENCY_COLUMNS,
        'server CPU s (writers’ / observers’ instance)',
        'generator CPU s',
        'writers identical',
      ],
      rows: results.map((result) => [
        result.name,
        ...latencyCells(result),
        perInstance(result.serverCpu, (value) => fixed(value, 2)),
        fixed(result.generatorCpu, 2),
        result.identical ? 'yes' : 'NO',
      ]),
      notes: [
        `Latency is from a writer's keystroke to an observer's receipt of it. ${session.rounds} round(s) of ${session.roundMs / 1000} s per configuration on a fresh document each, the configurations taking turns; all three servers run throughout (instance 2 idles during configurations 0 and 1). In configuration 2 an update goes writer → instance 1 → PostgreSQL (appended before relaying) → Redis → instance 2 → observer.`,
        TWO_CORES_NOTE,
      ],
    }
  } finally {
    await stopAll(servers)
  }
}

/** (c) Many documents on one PostgreSQL + Redis instance, then spread over two. */
async function manyDocumentsOnInstances(
  shape: ScaleOutShape,
  scaleOut: Required<JibeiScaleOut>,
): Promise<Table> {
  const configurations: Array<{ label: string; count: number; scaleOut: JibeiScaleOut }> = [
    { label: '1, SQLite, no Redis (baseline)', count: 1, scaleOut: {} },
    { label: '1, PostgreSQL + Redis', count: 1, scaleOut },
    { label: '2, PostgreSQL + Redis', count: 2, scaleOut },
  ]
  const runs: Array<{ label: string; measured: ManyDocumentsMeasurement }> = []
  for (const { label, count, scaleOut: settings } of configurations) {
    const inspectorPorts: number[] = []
    // Jibei logs "unloaded document" at debug level only.
    const servers = await startInstances(count, async () => {
      const inspectorPort = await freePort()
      inspectorPorts.push(inspectorPort)
      return {
        logLevel: 'debug',
        inspectorPort,
        scaleOut: settings,
        ...(shape.many.jibeiUnloadGraceMs === undefined
          ? {}
          : { unloadGraceMs: shape.many.jibeiUnloadGraceMs }),
      }
    })
    try {
      const instances: InstanceUnderTest[] = servers.map((server, index) => ({
        server,
        inspectorPort: inspectorPorts[index] as number,
      }))
      runs.push({ label, measured: await measureManyDocuments(instances, shape.many) })
    } finally {
      await stopAll(servers)
    }
  }
  const { many } = shape
  return {
    title: `Scale-out (c): many documents, ${many.documents} documents with one raw client each, on one PostgreSQL + Redis instance vs spread over two (document i on instance i mod 2), with one SQLite instance as the baseline`,
    columns: [
      'instances',
      'documents per instance',
      'RSS before',
      'RSS synced',
      'RSS per document',
      'JS heap per document',
      'time to open all s',
      'open → synced p50 ms',
      'open → synced p99 ms',
      'CPU s while opening',
      'unloaded after the clients left',
      'RSS after leaving',
    ],
    rows: runs.map(({ label, measured }) => {
      /** One figure of every instance, formatted and joined. */
      const each = (
        pick: (instance: InstanceMeasurement) => number,
        format: (value: number) => string,
      ): string => perInstance(measured.instances.map(pick), format)
      return [
        label,
        each((instance) => instance.documents, String),
        each((instance) => instance.rssBefore, mib),
        each((instance) => instance.rssSynced, mib),
        each((instance) => instance.perDocument, kib),
        each((instance) => instance.heapPerDocument, kib),
        fixed(measured.openSeconds, 2),
        fixed(percentile(measured.syncMs, 0.5), 1),
        fixed(percentile(measured.syncMs, 0.99), 1),
        each(
          (instance) => instance.openCpu,
          (value) => fixed(value, 2),
        ),
        measured.unloaded,
        each((instance) => instance.rssAfterLeave, mib),
      ]
    }),
    notes: [
      `Per-instance figures are "instance 1 / instance 2". The many-documents scenario's procedure: ${WARM_UP_DOCUMENTS} warm-up documents first (spread like the others), each RSS sample after ${many.settleMs / 1000} s without traffic and a full garbage collection requested through the Node inspector, which then also reports the JavaScript heap in use (Runtime.getHeapUsage): a steadier per-document figure than RSS, which moves by several MiB with what the process keeps mapped and so is noisy at 500 documents per instance; clients connect 50 at a time, each sending 200 characters of initial content; "open → synced" is one client's connect → sync step 2. DOC_UNLOAD_GRACE_MS ${many.jibeiUnloadGraceMs ?? 'default (30 s)'}${many.jibeiUnloadGraceMs === undefined ? '' : ' ms'}.`,
      TWO_CORES_NOTE,
    ],
  }
}

/**
 * Runs the three measurements on a PostgreSQL schema and Redis prefix of this run's own (dropped
 * at the end) and returns their tables.
 */
export async function scaleOutTables(trace: Trace, shape: ScaleOutShape): Promise<Table[]> {
  const scaleOut = freshScaleOut()
  const versions = await serviceVersions(scaleOut)
  try {
    const tables = [
      await replayTable(trace, shape, scaleOut),
      await relayTable(shape, scaleOut),
      await manyDocumentsOnInstances(shape, scaleOut),
    ]
    const first = tables[0]
    if (first) first.notes = [...(first.notes ?? []), `${versions} on this machine.`]
    return tables
  } finally {
    await dropScaleOut(scaleOut)
  }
}
