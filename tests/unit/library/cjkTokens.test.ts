import Database from 'better-sqlite3'
import * as prng from 'lib0/prng'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BOUNDARY_TOKEN,
  FTS_TOKENIZE,
  indexTokens,
  MAX_QUERY_LENGTH,
  QueryTooLongError,
  queryExpression,
} from '../../../server/features/library/index.ts'

/** An FTS5 table with the library tokenizer, and a vocabulary view of what it stored. */
const db = new Database(':memory:')
db.exec(`
  CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = '${FTS_TOKENIZE}');
  CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance');
`)
afterAll(() => db.close())

const insertProbe = db.prepare<[number, string]>('INSERT INTO probe (rowid, text) VALUES (?, ?)')
const clearProbe = db.prepare('DELETE FROM probe')
const storedTerms = db.prepare<[], { doc: number; term: string }>(
  'SELECT doc, term FROM probe_terms ORDER BY doc, offset',
)
const matchProbe = db.prepare<[string], { rowid: number }>(
  'SELECT rowid FROM probe WHERE probe MATCH ? ORDER BY rowid',
)

/** The tokens unicode61 keeps from each token string, keyed by position in the list. */
function throughUnicode61(tokenStrings: readonly string[]): string[][] {
  clearProbe.run()
  db.transaction(() => {
    tokenStrings.forEach((tokens, index) => {
      insertProbe.run(index + 1, tokens)
    })
  })()
  const stored: string[][] = tokenStrings.map(() => [])
  for (const row of storedTerms.all()) stored[row.doc - 1]?.push(row.term)
  return stored
}

/** Whether a MATCH expression is nothing but ANDed quoted strings, each maybe a prefix. */
const ONLY_QUOTED = /^"(?:[^"]|"")*"\*?(?: AND "(?:[^"]|"")*"\*?)*$/u

describe('indexTokens', () => {
  it('turns a run of Chinese characters into overlapping bigrams', () => {
    expect(indexTokens('分数的意义')).toBe('分数 数的 的意 意义')
    expect(indexTokens('分数')).toBe('分数')
  })

  it('keeps a lone Chinese character as a unigram', () => {
    expect(indexTokens('分')).toBe('分')
    expect(indexTokens('第 1 课时')).toBe('第 1 课时')
  })

  it('lowercases English words and keeps words and numbers whole', () => {
    expect(indexTokens("Module 1 Unit 1 Nice to meet you. Ohm's law")).toBe(
      'module 1 unit 1 nice to meet you ohm s law',
    )
    expect(indexTokens('2.5 -3/4 H2O')).toBe('2 5 3 4 h2o')
  })

  it('splits mixed Chinese and English text where the script changes', () => {
    expect(indexTokens('用Word制作3D打印模型')).toBe('用 word 制作 3d 打印 印模 模型')
    expect(indexTokens('My name is…是核心句型')).toBe('my name is 是核 核心 心句 句型')
  })

  it('normalizes full-width letters, digits and punctuation with NFKC before splitting', () => {
    expect(indexTokens('ＡＢＣ１２３')).toBe('abc123')
    expect(indexTokens('ＭＯＤＵＬＥ　１')).toBe('module 1')
    expect(indexTokens('⼀二')).toBe('一二')
  })

  it('treats Chinese and ASCII punctuation and whitespace as separators', () => {
    expect(indexTokens('整数、分数；正数：负数。“有理数”（分类）【注意】')).toBe(
      '整数 分数 正数 负数 有理 理数 分类 注意',
    )
    expect(indexTokens('  \n\t,.;!?()[]{}<>"\'-_*+=/\\|@#$%^&~`  ')).toBe('')
    expect(indexTokens('')).toBe('')
  })

  it('removes diacritics and folds case the way unicode61 does', () => {
    expect(indexTokens('Café NAÏVE ΟΔΟΣ')).toBe('cafe naive οδοσ')
  })

  it('puts a boundary token between Han runs that a separator splits on the same character', () => {
    expect(indexTokens('分数，数轴')).toBe(`分数 ${BOUNDARY_TOKEN} 数轴`)
    expect(indexTokens('分数，整数')).toBe('分数 整数')
    expect(indexTokens('分数数轴')).toBe('分数 数数 数轴')
  })

  it('emits tokens that unicode61 stores unchanged, for every code point up to U+3FFFF', () => {
    // One row per block of 512 code points keeps the probe table small and fast.
    const rows: string[] = []
    const labels: string[] = []
    for (let block = 0; block <= 0x3ffff; block += 512) {
      const texts: string[] = []
      for (let code = block; code < block + 512; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue
        const char = String.fromCodePoint(code)
        texts.push(indexTokens(`x${char}y ${char}中`))
      }
      rows.push(texts.join(' '))
      labels.push(`U+${block.toString(16)}..U+${(block + 511).toString(16)}`)
    }
    const stored = throughUnicode61(rows)
    const mismatches = labels.filter((_label, index) => {
      const expected = (rows[index] ?? '').split(' ').filter((token) => token !== '')
      return JSON.stringify(stored[index]) !== JSON.stringify(expected)
    })
    expect(mismatches).toEqual([])
  })

  it('emits a boundary token that unicode61 keeps as one token', () => {
    expect(throughUnicode61([indexTokens('分数，数轴')])).toEqual([
      ['分数', BOUNDARY_TOKEN, '数轴'],
    ])
  })
})

describe('queryExpression', () => {
  it('quotes a two-character word as one bigram', () => {
    expect(queryExpression('分数')).toBe('"分数"')
  })

  it('makes a longer Chinese word a phrase of its consecutive bigrams', () => {
    expect(queryExpression('分数的意义')).toBe('"分数 数的 的意 意义"')
  })

  it('makes a single Chinese character a prefix query on the bigrams that start with it', () => {
    expect(queryExpression('分')).toBe('"分"*')
  })

  it('ANDs the terms of a query split at whitespace and punctuation', () => {
    expect(queryExpression('分数 意义')).toBe('"分数" AND "意义"')
    expect(queryExpression('分数，意义、数轴')).toBe('"分数" AND "意义" AND "数轴"')
  })

  it('quotes English words and matches the last one as a prefix', () => {
    expect(queryExpression('module')).toBe('"module"*')
    expect(queryExpression("Ohm's law")).toBe('"ohm" AND "s" AND "law"*')
    expect(queryExpression('law 欧姆')).toBe('"law" AND "欧姆"')
  })

  it('keeps mixed Chinese and English in one term as one phrase', () => {
    expect(queryExpression('3D打印')).toBe('"3d 打印"')
    expect(queryExpression('打印3D')).toBe('"打印 3d"*')
  })

  it('reads punctuation and full-width input like the plain word', () => {
    expect(queryExpression('分数！')).toBe(queryExpression('分数'))
    expect(queryExpression('（分数）')).toBe(queryExpression('分数'))
    expect(queryExpression('“分数”')).toBe(queryExpression('分数'))
    expect(queryExpression('ＭＯＤＵＬＥ')).toBe(queryExpression('module'))
  })

  it('returns null for a query with no letter or digit', () => {
    for (const empty of ['', '   ', '\n\t', '　', '，。！', '*', '-', ':', '"', '()']) {
      expect(queryExpression(empty)).toBeNull()
    }
  })

  it('accepts 200 characters and throws QueryTooLongError beyond, counting code points', () => {
    expect(queryExpression('分'.repeat(MAX_QUERY_LENGTH))).not.toBeNull()
    expect(queryExpression('𠀀'.repeat(MAX_QUERY_LENGTH))).not.toBeNull()
    expect(() => queryExpression('分'.repeat(MAX_QUERY_LENGTH + 1))).toThrow(QueryTooLongError)
    expect(() => queryExpression('分数 '.repeat(334))).toThrow(QueryTooLongError)
    try {
      queryExpression('x'.repeat(1000))
      expect.unreachable('a 1,000-character query must throw')
    } catch (error) {
      expect(error).toBeInstanceOf(QueryTooLongError)
      expect((error as QueryTooLongError).length).toBe(1000)
    }
  })

  it('keeps FTS5 syntax in user input inside quoted tokens, so it cannot change the query', () => {
    clearProbe.run()
    insertProbe.run(1, indexTokens('分数的意义 or x'))
    insertProbe.run(2, indexTokens('x 其他内容'))
    const attempts = [
      '分数" OR "x',
      '分数" OR x',
      'NEAR(分数 意义)',
      'NEAR("分数" "意义", 2)',
      '*',
      '分数*',
      '-分数',
      'NOT 分数',
      '分数 AND',
      'OR',
      'title:分数',
      '{title body}: 分数',
      '^分数',
      '分数 + 意义',
      '")(',
      '分数\u0000意义',
      "'; DROP TABLE probe; --",
    ]
    for (const attempt of attempts) {
      const expression = queryExpression(attempt)
      if (expression === null) continue
      expect(expression, attempt).toMatch(ONLY_QUOTED)
      expect(() => matchProbe.all(expression), attempt).not.toThrow()
    }
    // The quote is a separator, not the end of a string: "OR" becomes a word that must be present.
    const injected = queryExpression('分数" OR "x')
    expect(injected).toBe('"分数" AND "or" AND "x"*')
    expect(matchProbe.all(injected ?? '').map((row) => row.rowid)).toEqual([1])
  })

  it('turns random strings of syntax characters, letters and Han into valid expressions', () => {
    const alphabet = Array.from('"\'*-+^:(){}[],.NEARORANDNOT 分数的意义abcＡ！（）　\u0000\\')
    const gen = prng.create(20240601)
    for (let index = 0; index < 500; index++) {
      let attempt = ''
      const length = prng.int31(gen, 1, 30)
      for (let char = 0; char < length; char++) {
        attempt += prng.oneOf(gen, alphabet)
      }
      const expression = queryExpression(attempt)
      if (expression === null) continue
      expect(expression, attempt).toMatch(ONLY_QUOTED)
      expect(() => matchProbe.all(expression), attempt).not.toThrow()
    }
  })
})
