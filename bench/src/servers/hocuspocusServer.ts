/**
 * Starts the stock @hocuspocus/server with its defaults (in memory), or with its SQLite
 * extension when `--sqlite <file>` is given. Run with Node 22 (type stripping):
 *
 *   node22 bench/src/servers/hocuspocusServer.ts --port 4000 [--sqlite /tmp/x/db.sqlite]
 *
 * Prints `listening` once ready and `unloaded <count>` after each document left memory.
 */

import { SQLite } from '@hocuspocus/extension-sqlite'
import type { Extension } from '@hocuspocus/server'
import { Server } from '@hocuspocus/server'

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : undefined
}

const port = Number(option('--port'))
const sqliteFile = option('--sqlite')
const extensions: Extension[] = sqliteFile ? [new SQLite({ database: sqliteFile })] : []
let unloaded = 0

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions,
  async afterUnloadDocument() {
    unloaded += 1
    process.stdout.write(`unloaded ${unloaded}\n`)
  },
})
await server.listen()
process.stdout.write('listening\n')
