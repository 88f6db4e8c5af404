/**
 * Dashboard benchmark (issue 24): a synthetic alliance (bench/syntheticAlliance.ts: 50 schools,
 * 5,000 teachers, 200 groups, 100,000 plans, 20,000 sessions over a year) written into the
 * database of a server running in this process, on SQLite and on PostgreSQL; then every
 * dashboard route is requested over HTTP (alliance admin, school admin, group lead) and its
 * p50/p95 reported against the 300 ms target. Appends a section to bench/RESULTS.md.
 *
 *   nice npx tsx bench/dashboard.ts [sqlite|postgres|both]
 *
 * PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema
 * dropped at the end.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { hashPassword } from '../server/features/identity/index.ts'
import { signInCookie, startBenchServer } from './inProcessServer.ts'
import { FULL_SIZE, generateAlliance, TERMS } from './syntheticAlliance.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const RESULTS = path.join(ROOT, 'bench/RESULTS.md')
const ROUNDS = 10
const WARM_UP = 1
const TARGET_P95_MS = 300
const PASSWORD = 'bench dashboard password'
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

type Engine = 'sqlite' | 'postgres'

/** One measured request: who asks, and the path after /api/dashboard. */
interface Probe {
  who: 'admin' | 'schoolAdmin' | 'lead'
  path: string
}

function probes(schools: string[], groups: string[]): Probe[] {
  const term = TERMS[1].term
  const [s0, s1] = [schools[0] ?? '', schools[1] ?? '']
  return [
    { who: 'admin', path: '/scope' },
    { who: 'admin', path: '/preparation' },
    { who: 'admin', path: `/preparation?term=${term}` },
    { who: 'admin', path: '/sessions' },
    { who: 'admin', path: '/cross-school' },
    { who: 'admin', path: `/cross-school?term=${term}&subject=数学` },
    { who: 'admin', path: '/flows' },
    { who: 'admin', path: '/library' },
    { who: 'admin', path: '/balance' },
    { who: 'admin', path: `/balance?term=${term}` },
    { who: 'admin', path: '/trends' },
    { who: 'admin', path: '/preparation/tasks?onTime=false' },
    { who: 'admin', path: `/sessions/list?attendeeSchool=${s1}` },
    { who: 'admin', path: '/cross-school/comments?crossSchool=true' },
    { who: 'admin', path: '/cross-school/plans?coAuthored=true' },
    { who: 'admin', path: `/flows/plans?from=${s0}&to=${s1}` },
    { who: 'admin', path: '/library/entries?kind=rated' },
    { who: 'admin', path: `/balance/plans?school=${s1}` },
    { who: 'schoolAdmin', path: '/sessions' },
    { who: 'schoolAdmin', path: '/preparation/tasks' },
    { who: 'lead', path: '/preparation' },
    { who: 'lead', path: `/balance?group=${groups[0] ?? ''}` },
    { who: 'lead', path: '/trends' },
  ]
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
}

/** ANALYZE of the tables the dashboard reads, in the bench's PostgreSQL schema. */
async function analyzeTables(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  const tables = ['documents', 'document_clients', 'users', 'comment_log', 'session_attendance']
  tables.push('prep_sessions', 'session_turns', 'prep_tasks', 'plan_lifecycle', 'groups')
  tables.push('group_members', 'library_entries')
  await client.query(`analyze ${tables.map((table) => `"${schema}"."${table}"`).join(', ')}`)
  await client.end()
}

/** Builds the alliance on `engine`, measures every probe; returns the table rows. */
async function measure(engine: Engine): Promise<{ rows: string[]; buildSeconds: number }> {
  const schema = `bench_dash_${randomBytes(5).toString('hex')}`
  const bench = await startBenchServer(
    'dashboard',
    false,
    engine === 'postgres' ? { databaseUrl: DATABASE_URL, databaseSchema: schema } : null,
  )
  try {
    const { kdb } = bench.server
    const started = performance.now()
    const made = await generateAlliance(kdb, FULL_SIZE, (line) =>
      console.log(`  ${engine}: ${line}`),
    )
    const buildSeconds = (performance.now() - started) / 1000
    console.log(`  ${engine}: built in ${buildSeconds.toFixed(1)} s`)
    // A live PostgreSQL has statistics (autovacuum); right after a bulk load it has none and
    // plans nested loops over 100,000 plans (the plans a school wrote in: 98 ms analyzed, >10 s not).
    if (engine === 'postgres') await analyzeTables(schema)
    const passwordHash = await hashPassword(PASSWORD)
    const now = Date.now()
    const school = made.schoolIds[0] ?? ''
    await kdb
      .insertInto('users')
      .values([
        {
          id: 'bench-admin',
          username: 'bench-admin',
          displayName: '管理员',
          schoolId: school,
          role: 'alliance_admin',
          passwordHash,
          createdAt: now,
          updatedAt: now,
        },
        {
          id: 'bench-school-admin',
          username: 'bench-school-admin',
          displayName: '校管理员',
          schoolId: school,
          role: 'school_admin',
          passwordHash,
          createdAt: now,
          updatedAt: now,
        },
      ])
      .execute()
    await kdb.updateTable('users').set({ passwordHash }).where('id', '=', made.leadId).execute()
    const cookies = {
      admin: await signInCookie(bench.base, 'bench-admin', PASSWORD),
      schoolAdmin: await signInCookie(bench.base, 'bench-school-admin', PASSWORD),
      lead: await signInCookie(bench.base, made.leadId, PASSWORD),
    }
    const rows: string[] = []
    for (const probe of probes(made.schoolIds, made.groupIds)) {
      const times: number[] = []
      for (let round = 0; round < WARM_UP + ROUNDS; round += 1) {
        const start = performance.now()
        const reply = await fetch(`${bench.base}/api/dashboard${encodeURI(probe.path)}`, {
          headers: { cookie: cookies[probe.who] },
        })
        await reply.arrayBuffer()
        if (reply.status !== 200) throw new Error(`${probe.path}: ${reply.status}`)
        if (round >= WARM_UP) times.push(performance.now() - start)
      }
      const p95 = percentile(times, 95)
      const row = `| ${engine} | ${probe.who} | \`${probe.path}\` | ${percentile(times, 50).toFixed(1)} | ${p95.toFixed(1)} | ${p95 <= TARGET_P95_MS ? 'yes' : 'no'} |`
      console.log(row)
      rows.push(row)
    }
    return { rows, buildSeconds }
  } finally {
    await bench.close()
    if (engine === 'postgres') await dropSchema(schema)
  }
}

/** Appends one engine's section to bench/RESULTS.md (each engine as soon as it is measured). */
function record(engine: Engine, rows: string[], buildSeconds: number): void {
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const section = [
    '',
    `### Dashboard (issue 24) on ${engine}, ${stamp} UTC`,
    '',
    `\`nice npx tsx bench/dashboard.ts ${engine}\` on ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ')[0] ?? 'CPU'}, Node ${process.version}; synthetic alliance of ${FULL_SIZE.schools} schools, ${FULL_SIZE.teachers} teachers, ${FULL_SIZE.groups} groups, ${FULL_SIZE.plans} plans, ${FULL_SIZE.sessions} sessions over two terms, built in ${buildSeconds.toFixed(0)} s; the server runs in the bench process, ${ROUNDS} requests per route over HTTP after ${WARM_UP} warm-up; 1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end (the machine is shared).`,
    '',
    '| engine | caller | route | p50 ms | p95 ms | p95 ≤ 300 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
  fs.appendFileSync(RESULTS, section)
  console.log(section)
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'both'
  const engines: Engine[] = which === 'both' ? ['sqlite', 'postgres'] : [which as Engine]
  for (const engine of engines) {
    const measured = await measure(engine)
    record(engine, measured.rows, measured.buildSeconds)
  }
}

await main()
