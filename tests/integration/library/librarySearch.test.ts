import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { inTransaction, type SqlExecutor } from '../../../server/db/executor.ts'
import { createPgExecutor } from '../../../server/db/pgExecutor.ts'
import { SqliteExecutor } from '../../../server/db/sqliteExecutor.ts'
import {
  demoPlanEntry,
  demoPlanParagraphs,
  type LibrarySearch,
  type LibrarySearchEntry,
  type LibrarySearchHit,
  LibrarySearchIndex,
  PostgresLibrarySearch,
  QueryTooLongError,
} from '../../../server/features/library/index.ts'
import { DEMO_PLANS, type DemoPlan } from '../../../server/seed/demoPlans.ts'
import { createTestPostgres, DATABASE_URL, type TestPostgres } from '../../helpers/postgres.ts'

function demoPlan(key: string): DemoPlan {
  const plan = DEMO_PLANS.find((candidate) => candidate.key === key)
  if (!plan) throw new Error(`demo plan ${key} missing`)
  return plan
}

/** Plans beside the 24 demo plans, each there to pin one behaviour. */
const EXTRA_ENTRIES: LibrarySearchEntry[] = [
  {
    // Mentions 分数 often, but only in the body: one weighted bm25 would rank it first.
    entryId: 'extra-ratio-meaning',
    title: '比的意义',
    keywords: ['比', '比值', '比的基本性质'],
    body: [
      '本课在学生学过分数乘除法之后学习比的意义，比与分数、除法有着密切的联系。',
      '比的前项相当于分数的分子，比的后项相当于分数的分母，比值通常用分数表示。',
      '学生容易混淆比和分数：分数是一个数，比表示两个数的关系。',
      '练习：把下面的比化成分数，再说出分数与除法、比之间的联系。',
      '小结：比、分数、除法——比的前项、分数的分子、除法的被除数；比的后项、分数的分母、除法的除数。',
      '分数与比可以互化：3:4 写成分数是 3/4，分数 2/5 也可以写成比 2:5。',
      '辨析：比的后项不能为 0，分数的分母也不能为 0；比和分数既有联系又有区别，分数可以约分，比可以化简。',
    ].join('\n'),
  },
  {
    // A drill sheet that repeats 分数 in a short body: still below every title match.
    entryId: 'extra-mental-drill',
    title: '口算练习课',
    keywords: ['口算', '练习课'],
    body: [
      '分数加法口算：1/2+1/3，分数减法口算：3/4-1/2。',
      '分数乘法口算：2/3×3/4，分数除法口算：3/5÷3/10。',
      '分数化小数：1/4，分数化百分数：3/5，分数比大小：2/3 和 3/5。',
      '分数混合运算：先算分数乘除，再算分数加减；分数约分：6/8。',
    ].join('\n'),
  },
  {
    entryId: 'extra-fraction-times-integer',
    title: '分数乘整数',
    keywords: ['分数乘法', '算理'],
    // A full-length plan that names 分数 in the title and only once in its body.
    body: [
      '结合画图理解分数乘整数的意义，掌握计算方法。',
      ...demoPlanParagraphs(demoPlan('math7-equation-transposition')),
    ].join('\n'),
  },
  {
    entryId: 'extra-ohms-law-en',
    title: "Ohm's Law (bilingual physics lesson)",
    keywords: ['Ohm', 'current', 'resistance', '双语教学'],
    body: [
      "Ohm's law states that the current through a conductor is proportional to the voltage across it.",
      '学生分组测量定值电阻两端的电压和通过的电流，用表格记录数据并画出 I-U 图象。',
      'Students describe the graph in English: the current increases as the voltage increases.',
    ].join('\n'),
  },
  {
    // Markup in the title and the body must come back escaped.
    entryId: 'extra-markup',
    title: 'HTML <b>标签</b>与分数显示',
    keywords: ['网页', '信息技术'],
    body: '网页中直接写 <script>alert("分数")</script> 会被当作脚本执行，所以显示分数时要转义 & 和 < 符号。',
  },
  {
    entryId: 'extra-full-width',
    title: '全角字符的输入',
    keywords: ['输入法', '全角', '半角'],
    body: '教材第二单元ＭＯＤＵＬＥ　２讲解全角与半角字符；学生用输入法切换全角（ＡＢＣ）与半角（ABC）。',
  },
  {
    // 分数 and 数轴 meet across a full stop: the query 分数轴 must not find it.
    entryId: 'extra-run-boundary',
    title: '数轴上的点',
    keywords: ['数轴', '数形结合'],
    body: '上节课我们认识了分数。数轴上的每一个点都表示一个数，本课学习用数轴上的点表示有理数。',
  },
]

const ENTRIES: LibrarySearchEntry[] = [...DEMO_PLANS.map(demoPlanEntry), ...EXTRA_ENTRIES]

/** Every entry whose title, a keyword or the body contains every Han term (the expected result). */
function entriesContaining(...terms: string[]): string[] {
  return ENTRIES.filter((entry) =>
    terms.every(
      (term) =>
        entry.title.includes(term) ||
        entry.keywords.some((keyword) => keyword.includes(term)) ||
        entry.body.includes(term),
    ),
  )
    .map((entry) => entry.entryId)
    .sort()
}

function ids(hits: readonly LibrarySearchHit[]): string[] {
  return hits.map((hit) => hit.entryId)
}

function sortedIds(hits: readonly LibrarySearchHit[]): string[] {
  return ids(hits).sort()
}

/** An empty index on one engine, written through metadata transactions as the server does. */
interface Harness {
  index: LibrarySearch
  upsert(...entries: LibrarySearchEntry[]): Promise<void>
  remove(entryId: string): Promise<boolean>
  close(): Promise<void>
}

/** How to open an empty index on an engine. */
interface Engine {
  name: string
  available: boolean
  setup(): Promise<void>
  teardown(): Promise<void>
  open(): Promise<Harness>
}

function harnessOf(
  index: LibrarySearch,
  executor: SqlExecutor,
  close: () => Promise<void>,
): Harness {
  return {
    index,
    async upsert(...entries) {
      await inTransaction(executor, async (ktx) => {
        for (const entry of entries) await index.upsertIn(ktx, entry)
      })
    },
    remove: (entryId) => inTransaction(executor, (ktx) => index.removeIn(ktx, entryId)),
    close,
  }
}

let postgres: TestPostgres | undefined

const ENGINES: Engine[] = [
  {
    name: 'sqlite fts5',
    available: true,
    setup: async () => undefined,
    teardown: async () => undefined,
    async open() {
      const connection = new Database(':memory:')
      return harnessOf(
        LibrarySearchIndex.ensure(connection),
        new SqliteExecutor(connection),
        async () => {
          connection.close()
        },
      )
    },
  },
  {
    name: 'postgres',
    available: DATABASE_URL !== undefined,
    async setup() {
      postgres = await createTestPostgres(DATABASE_URL ?? '')
    },
    async teardown() {
      await postgres?.drop()
      postgres = undefined
    },
    async open() {
      if (!postgres) throw new Error('postgres not set up')
      const { pool } = postgres.handle
      await pool.query('truncate library_search')
      return harnessOf(
        await PostgresLibrarySearch.ensure(pool),
        createPgExecutor(pool),
        async () => undefined,
      )
    },
  },
]

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`library search contract: ${engine.name}`, () => {
    let harness: Harness
    let index: LibrarySearch

    beforeAll(() => engine.setup())
    afterAll(() => engine.teardown())

    beforeEach(async () => {
      harness = await engine.open()
      index = harness.index
      await harness.upsert(...ENTRIES)
    })

    afterEach(() => harness.close())

    it('indexes the 24 demo plans and the extra entries', async () => {
      expect(DEMO_PLANS).toHaveLength(24)
      expect(await index.count()).toBe(ENTRIES.length)
    })

    it('finds the plan about 分数的意义 and every other plan that mentions the two-character word 分数', async () => {
      const found = sortedIds(await index.search('分数', { limit: 100 }))

      expect(found).toContain('math5-fraction-meaning')
      expect(found).toContain('math3-fraction-unit')
      expect(found).toContain('math7-rational-numbers')
      expect(found).toContain('extra-ratio-meaning')
      expect(found).not.toContain('chinese7-spring')
      expect(found).toEqual(entriesContaining('分数'))
    })

    it('finds exactly the plans whose text contains every Chinese term of the query', async () => {
      const queries: string[][] = [
        ['分数的意义'],
        ['数轴'],
        ['细胞'],
        ['地势'],
        ['有理数'],
        ['显微镜', '实验'],
        ['分数', '意义'],
        ['单位', '平均分'],
        ['学生', '教师'],
      ]
      for (const terms of queries) {
        const found = sortedIds(await index.search(terms.join(' '), { limit: 100 }))
        expect(found, terms.join(' ')).toEqual(entriesContaining(...terms))
        expect(found.length, terms.join(' ')).toBeGreaterThan(0)
      }
    })

    it('narrows the result with each added word: 分数 意义 is a strict subset of 分数', async () => {
      const fraction = sortedIds(await index.search('分数', { limit: 100 }))
      const meaning = sortedIds(await index.search('意义', { limit: 100 }))
      const both = sortedIds(await index.search('分数 意义', { limit: 100 }))

      expect(both.length).toBeGreaterThan(0)
      expect(both.length).toBeLessThan(fraction.length)
      expect(fraction).toEqual(expect.arrayContaining(both))
      expect(meaning).toEqual(expect.arrayContaining(both))
      expect(both).toContain('math5-fraction-meaning')
    })

    it('matches words that appear in different sections of a plan, since the terms are ANDed', async () => {
      const paragraphs = demoPlanParagraphs(demoPlan('math7-rational-numbers'))
      // 积分表 is in the lead-in step, 集合圈 in the preparation and homework sections.
      expect(paragraphs.some((text) => text.includes('积分表'))).toBe(true)
      expect(paragraphs.some((text) => text.includes('集合圈'))).toBe(true)
      expect(paragraphs.some((text) => text.includes('积分表') && text.includes('集合圈'))).toBe(
        false,
      )

      expect(ids(await index.search('积分表 集合圈'))).toEqual(['math7-rational-numbers'])
    })

    it('matches a single character where it starts a bigram or stands alone, not at the end of a run', async () => {
      expect(ids(await index.search('勾'))).toEqual(['math8-pythagorean-theorem'])
      await harness.close()
      harness = await engine.open()
      await harness.upsert(
        { entryId: 'starts', title: '甲', keywords: [], body: '分数' },
        { entryId: 'alone', title: '乙', keywords: [], body: '第 3 分' },
        { entryId: 'ends', title: '丙', keywords: [], body: '百分' },
      )
      expect(sortedIds(await harness.index.search('分'))).toEqual(['alone', 'starts'])
    })

    it('does not match a phrase across punctuation where two runs meet on the same character', async () => {
      expect(ids(await index.search('分数轴'))).toEqual([])
      expect(ids(await index.search('分数 数轴'))).toContain('extra-run-boundary')
    })

    it('ranks plans whose title contains the word above plans that only mention it in the body', async () => {
      const hits = await index.search('分数', { limit: 100 })
      const entryById = new Map(ENTRIES.map((entry) => [entry.entryId, entry]))
      const positions = (keep: (entry: LibrarySearchEntry) => boolean): number[] =>
        hits.flatMap((hit, position) => {
          const entry = entryById.get(hit.entryId)
          return entry && keep(entry) ? [position] : []
        })
      const inTitle = positions((entry) => entry.title.includes('分数'))
      const onlyInBody = positions(
        (entry) =>
          !entry.title.includes('分数') && !entry.keywords.some((word) => word.includes('分数')),
      )

      expect(inTitle.length).toBeGreaterThanOrEqual(3)
      expect(onlyInBody).toContain(hits.findIndex((hit) => hit.entryId === 'extra-ratio-meaning'))
      expect(onlyInBody).toContain(hits.findIndex((hit) => hit.entryId === 'extra-mental-drill'))
      expect(Math.max(...inTitle)).toBeLessThan(Math.min(...onlyInBody))
      expect(hits[0]?.score).toBeGreaterThan(hits.at(-1)?.score ?? Number.POSITIVE_INFINITY)
    })

    it('finds English words, matching the last one as a prefix', async () => {
      expect(ids(await index.search('vacation'))).toEqual(['english8-unit1-vacation'])
      expect(ids(await index.search('module'))).toContain('english7-module1-classmates')
      expect(ids(await index.search('modu'))).toContain('english7-module1-classmates')
      expect(ids(await index.search("Ohm's law"))).toEqual(['extra-ohms-law-en'])
      expect(ids(await index.search('voltage current'))).toEqual(['extra-ohms-law-en'])
    })

    it('reads punctuation and full-width input like the plain word', async () => {
      const fraction = ids(await index.search('分数', { limit: 100 }))
      expect(ids(await index.search('分数！', { limit: 100 }))).toEqual(fraction)
      expect(ids(await index.search('（分数）', { limit: 100 }))).toEqual(fraction)
      expect(ids(await index.search('　分数，', { limit: 100 }))).toEqual(fraction)

      const module = ids(await index.search('module'))
      expect(module).toContain('extra-full-width')
      expect(ids(await index.search('ＭＯＤＵＬＥ'))).toEqual(module)
      expect(ids(await index.search('ＡＢＣ'))).toEqual(ids(await index.search('abc')))
      expect(ids(await index.search('ＡＢＣ'))).toContain('extra-full-width')
    })

    it('finds nothing for an empty, blank or punctuation-only query', async () => {
      for (const query of ['', '   ', '\t\n', '　', '，。！', '"', '*']) {
        expect(await index.search(query), JSON.stringify(query)).toEqual([])
      }
    })

    it('throws QueryTooLongError for a 1,000-character query and keeps working afterwards', async () => {
      await expect(index.search('分'.repeat(1000))).rejects.toThrow(QueryTooLongError)
      await expect(index.search('分数 '.repeat(333))).rejects.toThrow(QueryTooLongError)
      expect(ids(await index.search('分数的意义'))).toContain('math5-fraction-meaning')
    })

    it('survives FTS5 syntax in the query', async () => {
      for (const query of [
        '分数" OR "x',
        'NEAR(分数 意义)',
        '*',
        '-分数',
        'title:分数',
        '分数 AND',
      ]) {
        await expect(index.search(query), query).resolves.toBeInstanceOf(Array)
      }
      expect(ids(await index.search('-分数', { limit: 100 }))).toEqual(
        ids(await index.search('分数', { limit: 100 })),
      )
      expect(ids(await index.search('title:分数'))).toEqual([])
    })

    it('marks the word in the title and in a snippet of the body around its first occurrence', async () => {
      const hit = (await index.search('分数')).find(
        (candidate) => candidate.entryId === 'extra-ratio-meaning',
      )
      expect(hit?.titleHighlighted).toBe('比的意义')
      expect(hit?.snippet).toContain('<mark>分数</mark>')
      expect(hit?.snippet.startsWith('本课在学生学过<mark>分数</mark>乘除法')).toBe(true)
      const text = (hit?.snippet ?? '').replace(/<\/?mark>/g, '')
      expect(text.length).toBeLessThanOrEqual(82)
      expect(text.endsWith('…')).toBe(true)

      const meaning = (await index.search('分数的意义'))[0]
      expect(meaning?.entryId).toBe('math5-fraction-meaning')
      expect(meaning?.titleHighlighted).toBe('<mark>分数的意义</mark>')
      expect(meaning?.snippet).toContain('<mark>分数的意义</mark>')
    })

    it('cuts the snippet around a match far into the body, with ellipses on both sides', async () => {
      const hit = (await index.search('化归思想')).find((candidate) =>
        candidate.entryId.startsWith('math7-eq'),
      )
      const snippet = hit?.snippet ?? ''
      expect(snippet).toContain('<mark>')
      expect(snippet.startsWith('…')).toBe(true)
      expect(snippet.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(82)
      expect(snippet).not.toMatch(/\n/)
    })

    it('marks English words case-insensitively in the original spelling', async () => {
      const [hit] = await index.search("ohm's LAW")
      expect(hit?.titleHighlighted).toBe(
        '<mark>Ohm</mark>&#39;<mark>s</mark> <mark>Law</mark> (bilingual physics lesson)',
      )
      expect(hit?.snippet).toContain('<mark>Ohm</mark>&#39;<mark>s</mark> <mark>law</mark> states')
    })

    it('marks full-width text found by a half-width query', async () => {
      const hit = (await index.search('module 2')).find(
        (candidate) => candidate.entryId === 'extra-full-width',
      )
      expect(hit?.snippet).toContain('<mark>ＭＯＤＵＬＥ</mark>')
      expect(hit?.snippet).toContain('<mark>２</mark>')
    })

    it('escapes markup in titles and snippets, leaving only the marks as HTML', async () => {
      const hit = (await index.search('分数')).find(
        (candidate) => candidate.entryId === 'extra-markup',
      )
      expect(hit?.snippet).toContain(
        '&lt;script&gt;alert(&quot;<mark>分数</mark>&quot;)&lt;/script&gt;',
      )
      expect(hit?.snippet).toContain('&amp; 和 &lt; 符号')
      expect(hit?.snippet).not.toContain('<script>')
      expect(hit?.titleHighlighted).toBe('HTML &lt;b&gt;标签&lt;/b&gt;与<mark>分数</mark>显示')
      const markup = (hit?.snippet ?? '') + (hit?.titleHighlighted ?? '')
      expect(markup.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
    })

    it('shows the start of the body when only the title or keywords match', async () => {
      const [hit] = await index.search('全角字符')
      expect(hit?.entryId).toBe('extra-full-width')
      expect(hit?.titleHighlighted).toBe('<mark>全角字符</mark>的输入')
      expect(hit?.snippet.startsWith('教材第二单元')).toBe(true)
    })

    it('restricts results to the entries the caller pre-filtered', async () => {
      const among = await index.search('分数', {
        entryIds: ['math5-fraction-meaning', 'chinese7-spring', 'extra-ratio-meaning', 'unknown'],
      })
      expect(sortedIds(among)).toEqual(['extra-ratio-meaning', 'math5-fraction-meaning'])
      expect(await index.search('分数', { entryIds: [] })).toEqual([])
    })

    it('pages through the ranked results with limit and offset', async () => {
      const all = ids(await index.search('分数', { limit: 100 }))
      expect(all.length).toBeGreaterThan(4)
      expect(ids(await index.search('分数', { limit: 2 }))).toEqual(all.slice(0, 2))
      expect(ids(await index.search('分数', { limit: 2, offset: 2 }))).toEqual(all.slice(2, 4))
      expect(ids(await index.search('分数', { offset: all.length }))).toEqual([])
      expect(await index.search('分数')).toHaveLength(Math.min(20, all.length))
    })

    it('leaves the index as it was when the metadata transaction rolls back', async () => {
      const failure = new Error('rolled back')
      await expect(
        harness.upsert(
          { entryId: 'extra-doomed', title: '注定回滚', keywords: [], body: '' },
          {
            get entryId(): string {
              throw failure
            },
            title: '',
            keywords: [],
            body: '',
          },
        ),
      ).rejects.toBe(failure)
      expect(ids(await index.search('注定回滚'))).toEqual([])
      expect(await index.count()).toBe(ENTRIES.length)
    })

    it('removes an entry from the results with remove()', async () => {
      expect(await harness.remove('math5-fraction-meaning')).toBe(true)
      expect(await harness.remove('math5-fraction-meaning')).toBe(false)
      expect(ids(await index.search('分数', { limit: 100 }))).not.toContain(
        'math5-fraction-meaning',
      )
      expect(ids(await index.search('玉米粒'))).toEqual([])
      expect(await index.count()).toBe(ENTRIES.length - 1)
    })

    it('replaces what was indexed for an entry on upsert', async () => {
      await harness.upsert({
        entryId: 'chinese7-spring',
        title: '《春》（修订稿）',
        keywords: ['朱自清'],
        body: '修订后的教案只保留朗读指导。',
      })
      expect(await index.count()).toBe(ENTRIES.length)
      expect(ids(await index.search('修订稿'))).toEqual(['chinese7-spring'])
      expect(ids(await index.search('春景图'))).toEqual([])
      expect(ids(await index.search('朗读指导'))).toEqual(['chinese7-spring'])
    })
  })
}

describe('LibrarySearchIndex (SQLite only)', () => {
  const tempDirs: string[] = []

  afterEach(() => {
    for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('upserts and removes outside a metadata transaction', async () => {
    const connection = new Database(':memory:')
    try {
      const index = LibrarySearchIndex.ensure(connection)
      for (const entry of ENTRIES) index.upsert(entry)
      expect(await index.count()).toBe(ENTRIES.length)
      expect(index.remove('math5-fraction-meaning')).toBe(true)
      expect(index.remove('math5-fraction-meaning')).toBe(false)
      expect(ids(await index.search('分数', { limit: 100 }))).not.toContain(
        'math5-fraction-meaning',
      )
    } finally {
      connection.close()
    }
  })

  it('keeps the index in a database file across connections, and ensure() is idempotent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-search-'))
    tempDirs.push(dir)
    const file = path.join(dir, 'library.db')
    const first = new Database(file)
    const written = LibrarySearchIndex.ensure(first)
    for (const entry of ENTRIES.slice(0, 6)) written.upsert(entry)
    first.close()

    const second = new Database(file)
    try {
      const reopened = LibrarySearchIndex.ensure(second)
      expect(await reopened.count()).toBe(6)
      const stored = second.prepare('SELECT entry_id FROM library_search ORDER BY rowid').pluck()
      expect(stored.all()).toEqual(ENTRIES.slice(0, 6).map((entry) => entry.entryId))
      expect(sortedIds(await reopened.search('分数的意义'))).toEqual([
        'math3-fraction-unit',
        'math5-fraction-meaning',
      ])
    } finally {
      second.close()
    }
  })
})
