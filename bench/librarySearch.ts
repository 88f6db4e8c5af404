/**
 * Library search benchmark: builds 10,000 synthetic plans from recombined sentences of the demo
 * plans (seeded, so every run indexes the same text) in a temp SQLite file, indexes them, then
 * times 200 searches per kind of query (snippets included) and appends a line to
 * bench/RESULTS.md. Target: p95 ≤ 20 ms for two-character queries.
 *
 *   npx tsx bench/librarySearch.ts [plans]
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import * as prng from 'lib0/prng'
import {
  demoPlanParagraphs,
  type LibrarySearchEntry,
  LibrarySearchIndex,
  queryExpression,
} from '../server/features/library/index.ts'
import { DEMO_PLANS } from '../server/seed/demoPlans.ts'

// The app's better-sqlite3 (built for this Node), never the copy under bench/node_modules that
// the reference servers' bench installs for Node 22.
const Database = createRequire(new URL('../package.json', import.meta.url))(
  'better-sqlite3',
) as typeof BetterSqlite3

const ROOT = path.resolve(import.meta.dirname, '..')
const RESULTS = path.join(ROOT, 'bench/RESULTS.md')
const PLANS = Number(process.argv[2] ?? 10_000)
const QUERIES_PER_KIND = 200
const TARGET_P95_MS = 20

/** The queries' and plans' random source, seeded so that every run measures the same. */
const gen = prng.create(0x5eed)
const random = (): number => prng.real53(gen)

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** Sentences of the demo plans, each ending with its punctuation. */
const SENTENCES = DEMO_PLANS.flatMap(demoPlanParagraphs).flatMap(
  (paragraph) => paragraph.match(/[^。；！？]+[。；！？]?/gu) ?? [],
)
const KEYWORDS = [...new Set(DEMO_PLANS.flatMap((plan) => plan.keywords))]
const MEAN_BODY_LENGTH =
  DEMO_PLANS.reduce((sum, plan) => sum + demoPlanParagraphs(plan).join('\n').length, 0) /
  DEMO_PLANS.length

/** A plan of demo sentences, its body between half and one and a half demo plans long. */
function syntheticPlan(index: number): LibrarySearchEntry {
  const target = MEAN_BODY_LENGTH * (0.5 + random())
  const paragraphs: string[] = []
  let length = 0
  while (length < target) {
    const paragraph = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      pick(SENTENCES),
    ).join('')
    paragraphs.push(paragraph)
    length += paragraph.length + 1
  }
  const base = pick(DEMO_PLANS)
  return {
    entryId: `plan-${index}`,
    title: `${base.title}（第${1 + Math.floor(random() * 3)}课时）`,
    keywords: Array.from({ length: 3 + Math.floor(random() * 3) }, () => pick(KEYWORDS)),
    body: paragraphs.join('\n'),
  }
}

const HAN_ONLY = /^\p{Script=Han}+$/u
const HAN_KEYWORDS = KEYWORDS.filter((keyword) => HAN_ONLY.test(keyword))

const TWO_CHARACTER_WORDS = [
  '分数',
  '方程',
  '细胞',
  '地势',
  '电流',
  '速度',
  '朗读',
  '实验',
  '函数',
  '统一',
  '战争',
  '地球',
  '温度',
  '散文',
  '课件',
  '学生',
  '教学',
  '小组',
]

/** A caller's pre-filter: 2,000 random entry ids (say, one subject's plans). */
const PRE_FILTER = Array.from({ length: 2000 }, () => `plan-${Math.floor(random() * PLANS)}`)
/** A pre-filter that keeps every entry (filters that exclude nothing). */
const ALL_IDS = Array.from({ length: PLANS }, (_unused, plan) => `plan-${plan}`)

/** The kinds of query timed, each drawing one query at a time. */
const KINDS: Array<{ name: string; next: () => string; entryIds?: string[] }> = [
  { name: 'two-character', next: () => pick(TWO_CHARACTER_WORDS) },
  {
    name: 'two-char 2k-ids',
    next: () => pick(TWO_CHARACTER_WORDS),
    entryIds: PRE_FILTER,
  },
  {
    name: 'two-char all-ids',
    next: () => pick(TWO_CHARACTER_WORDS),
    entryIds: ALL_IDS,
  },
  {
    name: 'four-character',
    next: () => pick(HAN_KEYWORDS.filter((keyword) => Array.from(keyword).length === 4)),
  },
  {
    name: 'two words',
    next: () => {
      const words = pick(DEMO_PLANS).keywords.filter((keyword) => HAN_ONLY.test(keyword))
      return `${pick(words)} ${pick(words)}`
    },
  },
  {
    name: 'English word',
    next: () =>
      pick(['module', 'vacation', 'name', 'talk', 'would', 'like', 'nice', 'classmates', 'food']),
  },
]

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-search-bench-'))
  const file = path.join(dir, 'library.db')
  try {
    const connection = new Database(file)
    connection.pragma('journal_mode = WAL')
    connection.pragma('synchronous = NORMAL')
    const index = LibrarySearchIndex.ensure(connection)

    const plans = Array.from({ length: PLANS }, (_unused, plan) => syntheticPlan(plan))
    const textBytes = plans.reduce(
      (sum, plan) => sum + Buffer.byteLength(plan.title + plan.body + plan.keywords.join('')),
      0,
    )
    const indexStart = performance.now()
    connection.transaction(() => {
      for (const plan of plans) index.upsert(plan)
    })()
    const indexMs = performance.now() - indexStart
    const optimizeStart = performance.now()
    index.optimize()
    const optimizeMs = performance.now() - optimizeStart
    connection.pragma('wal_checkpoint(TRUNCATE)')
    const dbBytes = fileSize(file)
    const tables = connection
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as Array<{ name: string; bytes: number }>
    const bytesOf = (prefix: string): number =>
      tables.filter((table) => table.name.startsWith(prefix)).reduce((sum, t) => sum + t.bytes, 0)
    const ftsBytes = bytesOf('library_search') - bytesOf('library_search_text')
    console.log(
      `${PLANS} plans, ${mebibytes(textBytes)} of text (mean body ${Math.round(MEAN_BODY_LENGTH)} chars)`,
    )
    console.log(
      `indexed in ${(indexMs / 1000).toFixed(1)} s (${(indexMs / PLANS).toFixed(2)} ms/plan), optimize ${(optimizeMs / 1000).toFixed(1)} s`,
    )
    console.log(
      `database ${mebibytes(dbBytes)}: ${tables.map((table) => `${table.name} ${mebibytes(table.bytes)}`).join(', ')}`,
    )

    const countMatches = connection
      .prepare<[string], number>('SELECT count(*) FROM library_search WHERE library_search MATCH ?')
      .pluck()
    const countMatchesAmong = connection
      .prepare<[string, string], number>(
        `SELECT count(*) FROM library_search WHERE library_search MATCH ?
         AND entry_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
    // Warm the page cache and the statements.
    for (const kind of KINDS) {
      for (let warm = 0; warm < 10; warm++) {
        await index.search(kind.next(), kind.entryIds ? { entryIds: kind.entryIds } : {})
      }
    }

    const summaries: string[] = []
    let twoCharacterP95 = 0
    console.log('\nkind             p50 ms   p95 ms   max ms   mean matches')
    for (const kind of KINDS) {
      const times: number[] = []
      let matches = 0
      for (let query = 0; query < QUERIES_PER_KIND; query++) {
        const text = kind.next()
        const start = performance.now()
        await index.search(text, kind.entryIds ? { entryIds: kind.entryIds } : {})
        times.push(performance.now() - start)
        const expression = queryExpression(text) ?? '""'
        matches +=
          (kind.entryIds
            ? countMatchesAmong.get(expression, JSON.stringify(kind.entryIds))
            : countMatches.get(expression)) ?? 0
      }
      times.sort((a, b) => a - b)
      const p50 = percentile(times, 0.5)
      const p95 = percentile(times, 0.95)
      const max = times.at(-1) ?? 0
      if (kind.name === 'two-character') twoCharacterP95 = p95
      const meanMatches = Math.round(matches / QUERIES_PER_KIND)
      console.log(
        `${kind.name.padEnd(15)} ${p50.toFixed(2).padStart(7)}  ${p95.toFixed(2).padStart(7)}  ${max.toFixed(2).padStart(7)}   ${meanMatches}`,
      )
      summaries.push(
        `${kind.name} p50/p95/max ${p50.toFixed(1)}/${p95.toFixed(1)}/${max.toFixed(1)} ms (~${meanMatches} matches)`,
      )
    }
    const verdict = twoCharacterP95 <= TARGET_P95_MS ? 'meets' : 'MISSES'
    console.log(
      `\ntwo-character p95 ${twoCharacterP95.toFixed(2)} ms ${verdict} the ${TARGET_P95_MS} ms target`,
    )
    connection.close()

    if (!fs.existsSync(RESULTS)) {
      fs.writeFileSync(
        RESULTS,
        '# Benchmark results\n\nOne line per run, appended by the benchmark scripts in bench/.\n\n',
      )
    }
    const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim()
    const date = new Date().toISOString().slice(0, 10)
    fs.appendFileSync(
      RESULTS,
      `- ${date} \`npx tsx bench/librarySearch.ts${process.argv[2] ? ` ${process.argv[2]}` : ''}\` (node ${process.version}, nproc ${nproc}): ` +
        `${PLANS} plans, index ${(indexMs / 1000).toFixed(1)} s + optimize ${(optimizeMs / 1000).toFixed(1)} s, ` +
        `DB ${mebibytes(dbBytes)} (FTS5 tables ${mebibytes(ftsBytes)}, original text ${mebibytes(bytesOf('library_search_text') + bytesOf('sqlite_autoindex_library_search_text'))}); ${QUERIES_PER_KIND} queries per kind, ` +
        `${summaries.join('; ')}; two-character p95 ${verdict} ${TARGET_P95_MS} ms\n`,
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
