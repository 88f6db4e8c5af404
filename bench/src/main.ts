/**
 * Benchmarks Jibei side by side with the reference servers @y/websocket-server and
 * @hocuspocus/server (in memory and with its SQLite extension), with one load generator.
 * Servers are pinned to core 0, this generator to core 1.
 *
 *   npm run bench [-- --quick] [--only hot,live,many,persistence,scaleout] [--servers jibei,hocuspocus]
 *     [--rounds N]
 *
 * --rounds sets the measured rounds of the hot and live sessions (a tail compared over more
 * keystrokes, e.g. `--only live --servers jibei,hocuspocus-sqlite --rounds 8`).
 *
 * `scaleout` (Jibei on PostgreSQL + Redis against itself on SQLite, no reference servers) runs
 * only when named in --only; it uses DATABASE_URL and REDIS_URL of the environment, else the
 * local postgres://postgres@127.0.0.1:5432/test and redis://127.0.0.1:6379.
 *
 * Jibei runs as `npm start` runs it: compiled first (`npm run build:server`, into dist/node).
 *
 * BENCH_CPU_PROF_DIR=<folder> starts every server with `node --cpu-prof` writing profiles there;
 * BENCH_HEAP_SNAPSHOT_DIR=<folder> writes heap snapshots of the many-documents scenario there
 * (compare them with `npx tsx bench/heapDiff.ts`).
 *
 * To compare a change with the build it replaces in one run: copy dist/node aside before the
 * change (e.g. to .baseline/node), then
 *   BENCH_BASELINE_ENTRY=.baseline/node/server/main.js npm run bench -- --servers jibei,jibei-baseline
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BENCH_DIR, ROOT_DIR, RUN_DIR } from './paths.ts'
import { renderTable, type Table } from './report.ts'
import { manyDocumentsTable } from './scenarios/manyDocuments.ts'
import { persistenceTables } from './scenarios/persistence.ts'
import { scaleOutTables } from './scenarios/scaleout.ts'
import { sessionTable } from './scenarios/session.ts'
import { TARGETS, type Target } from './servers/targets.ts'
import { buildJibeiServer, ensureNode22Sqlite, pinSelf } from './setup.ts'
import { loadTrace } from './trace.ts'

const GENERATOR_CORE = '1'
const SCENARIOS = ['hot', 'live', 'many', 'persistence', 'scaleout'] as const
type Scenario = (typeof SCENARIOS)[number]
/** Scenarios run without --only (scaleout needs PostgreSQL and Redis: asked for by name). */
const DEFAULT_SCENARIOS: readonly Scenario[] = ['hot', 'live', 'many', 'persistence']
/** Scenarios that run Jibei alone, without the reference servers. */
const JIBEI_ONLY_SCENARIOS: readonly Scenario[] = ['scaleout']

interface Arguments {
  quick: boolean
  only: Set<Scenario>
  /** Servers to run (all by default). */
  servers: Set<string> | null
  /** Measured rounds of the session scenarios, when not their defaults. */
  rounds: number | null
}

function parseArguments(argv: readonly string[]): Arguments {
  const quick = argv.includes('--quick')
  const serversIndex = argv.indexOf('--servers')
  const servers = serversIndex >= 0 ? new Set((argv[serversIndex + 1] ?? '').split(',')) : null
  const onlyIndex = argv.indexOf('--only')
  const only = new Set<Scenario>(DEFAULT_SCENARIOS)
  if (onlyIndex >= 0) {
    only.clear()
    for (const name of (argv[onlyIndex + 1] ?? '').split(',')) {
      if (!(SCENARIOS as readonly string[]).includes(name))
        throw new Error(`unknown scenario ${name}`)
      only.add(name as Scenario)
    }
  }
  const roundsIndex = argv.indexOf('--rounds')
  const rounds = roundsIndex >= 0 ? Number(argv[roundsIndex + 1]) : null
  if (rounds !== null && !(Number.isInteger(rounds) && rounds > 0))
    throw new Error(`--rounds needs a whole number of rounds, got ${argv[roundsIndex + 1]}`)
  return { quick, only, servers, rounds }
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR })
      .toString()
      .trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server'], { cwd: ROOT_DIR })
      .toString()
      .trim()
    return dirty ? `${commit} + uncommitted server changes` : commit
  } catch {
    return 'unknown'
  }
}

/** Versions of the reference servers as installed in bench/node_modules. */
function referenceVersions(): string {
  const version = (name: string): string => {
    const file = path.join(BENCH_DIR, 'node_modules', name, 'package.json')
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
  }
  return `@y/websocket-server ${version('@y/websocket-server')}, @hocuspocus/server ${version('@hocuspocus/server')} (+ extension-sqlite ${version('@hocuspocus/extension-sqlite')})`
}

async function main(): Promise<void> {
  const { quick, only, servers, rounds: roundsAsked } = parseArguments(process.argv.slice(2))
  pinSelf(GENERATOR_CORE)
  // Every stock provider adds a process exit listener.
  process.setMaxListeners(0)
  // The reference servers (and so bench/node_modules' Node 22 build) are needed only when a
  // scenario other than the Jibei-only ones runs with a server other than Jibei.
  const withReferences =
    [...only].some((scenario) => !JIBEI_ONLY_SCENARIOS.includes(scenario)) &&
    (!servers || [...servers].some((name) => name !== 'jibei'))
  if (withReferences) ensureNode22Sqlite()
  buildJibeiServer()
  fs.rmSync(RUN_DIR, { recursive: true, force: true })
  const started = performance.now()
  const loadBefore = os.loadavg()[0] ?? 0
  const all: Target[] = [
    TARGETS.jibei,
    TARGETS['jibei-baseline'],
    TARGETS['y-websocket-server'],
    TARGETS.hocuspocus,
    TARGETS['hocuspocus-sqlite'],
  ].filter((target) =>
    // The baseline build runs only when asked for by name.
    servers ? servers.has(target.name) : target.name !== 'jibei-baseline',
  )
  const memoryAndJibei = all.filter((target) => target.name !== 'hocuspocus-sqlite')
  const persistent = all.filter((target) => target.persistent)
  const tables: Table[] = []
  let scenarioStarted = performance.now()
  /** Prints a table; the last one of a scenario (`last`) notes how long the scenario took. */
  const show = (table: Table, last = true): void => {
    if (last) {
      const seconds = (performance.now() - scenarioStarted) / 1000
      table.notes = [...(table.notes ?? []), `Scenario time: ${seconds.toFixed(0)} s.`]
      scenarioStarted = performance.now()
    }
    tables.push(table)
    console.log(`\n${renderTable(table)}\n`)
  }
  if (only.has('hot')) {
    const rounds = roundsAsked ?? (quick ? 1 : 3)
    const roundMs = quick ? 4000 : 6000
    show(
      await sessionTable(all, {
        title: `Hot document: 1 document, 50 editors (stock providers) typing 5 characters/s each, 5 raw observers; ${(rounds * roundMs) / 1000} s per server`,
        writers: 50,
        observers: 5,
        charactersPerSecond: 5,
        rounds,
        roundMs,
        warmUpMs: quick ? undefined : 2000,
      }),
    )
  }
  if (only.has('live')) {
    const rounds = roundsAsked ?? (quick ? 1 : 5)
    const roundMs = quick ? 4000 : 6000
    show(
      await sessionTable(all, {
        title: `Live session: 200 clients on one document, 10 typing 5 characters/s (stock providers), 190 raw watchers; every client sends presence every 3 s; ${(rounds * roundMs) / 1000} s per server`,
        writers: 10,
        observers: 190,
        charactersPerSecond: 5,
        rounds,
        roundMs,
        awarenessEveryMs: 3000,
        warmUpMs: quick ? undefined : 2000,
      }),
    )
  }
  if (only.has('many')) {
    show(
      await manyDocumentsTable(memoryAndJibei, {
        documents: quick ? 150 : 1000,
        unloadTimeoutMs: quick ? 20_000 : 75_000,
        settleMs: quick ? 2000 : 5000,
        ...(quick ? { jibeiUnloadGraceMs: 5000 } : {}),
      }),
    )
  }
  if (only.has('persistence')) {
    const trace = loadTrace()
    const persistenceTablesResult = await persistenceTables(persistent, trace, {
      txns: quick ? 15_000 : trace.txns.length,
      coldOpens: quick ? 3 : 10,
    })
    for (const [index, table] of persistenceTablesResult.entries()) {
      show(table, index === persistenceTablesResult.length - 1)
    }
  }
  if (only.has('scaleout')) {
    const trace = loadTrace()
    const scaleOut = await scaleOutTables(trace, {
      replayTxns: quick ? 15_000 : trace.txns.length,
      session: {
        title: 'relay latency',
        writers: 10,
        observers: 20,
        charactersPerSecond: 5,
        rounds: quick ? 1 : 3,
        roundMs: quick ? 4000 : 5000,
      },
      many: {
        documents: quick ? 150 : 1000,
        unloadTimeoutMs: 30_000,
        settleMs: quick ? 2000 : 5000,
        jibeiUnloadGraceMs: 5000,
      },
    })
    for (const [index, table] of scaleOut.entries()) show(table, index === scaleOut.length - 1)
  }
  const minutes = (performance.now() - started) / 60_000
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
  const header = [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — \`${command}\``,
    '',
    `git ${gitCommit()}; generator node ${process.version} (${withReferences ? 'Jibei and y-websocket-server run on the same Node, hocuspocus on Node 22 from npm' : 'Jibei runs on the same Node'}); nproc ${os.cpus().length}; servers pinned to core 0 (taskset), generator to core ${GENERATOR_CORE}; ${withReferences ? `${referenceVersions()}; ` : ''}1-minute load average ${loadBefore.toFixed(1)} at the start, ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end (the machine is shared); run took ${minutes.toFixed(1)} min.`,
  ]
  const section = [...header, '', ...tables.map(renderTable).flatMap((text) => [text, ''])].join(
    '\n',
  )
  fs.appendFileSync(path.join(BENCH_DIR, 'RESULTS.md'), `\n${section}`)
  fs.rmSync(RUN_DIR, { recursive: true, force: true })
  console.log(`appended to bench/RESULTS.md (${minutes.toFixed(1)} min)`)
}

await main()
// Sockets of destroyed providers may linger a moment; the run is complete.
process.exit(0)
