import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { BENCH_DIR, NODE22, NODE22_DIR, ROOT_DIR } from './paths.ts'

/** Pins this process (all its threads) to `core`. */
export function pinSelf(core: string): void {
  execFileSync('taskset', ['-a', '-cp', core, String(process.pid)], { stdio: 'ignore' })
}

function sqliteLoadsUnderNode22(): boolean {
  const probe = spawnSync(NODE22, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: BENCH_DIR,
    stdio: 'ignore',
  })
  return probe.status === 0
}

/**
 * hocuspocus runs on Node 22, so better-sqlite3 (used by its SQLite extension) must be built
 * for Node 22's ABI: the bench installs with --ignore-scripts and builds it here, once.
 */
export function ensureNode22Sqlite(): void {
  if (!fs.existsSync(NODE22)) throw new Error(`${NODE22} is missing: run npm --prefix bench ci`)
  if (sqliteLoadsUnderNode22()) return
  console.log('building better-sqlite3 for Node 22 (once, about a minute)…')
  execFileSync('npm', ['rebuild', 'better-sqlite3', '--ignore-scripts=false'], {
    cwd: BENCH_DIR,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${NODE22_DIR}/bin:${process.env.PATH ?? ''}`,
      npm_config_nodedir: NODE22_DIR,
    },
  })
  if (!sqliteLoadsUnderNode22()) throw new Error('better-sqlite3 does not load under Node 22')
}

/** Compiles Jibei's server from the current source (`npm run build:server`, a few seconds). */
export function buildJibeiServer(): void {
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT_DIR, stdio: 'inherit' })
}
