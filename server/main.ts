import { loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { DEMO_PASSWORD, DEMO_USERS } from './seed/seedDemo.ts'
import { type RunningServer, startServer } from './server.ts'

/** Longest a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000

/** The one plain line a person reads at start-up: where to go, and how to get in. */
function startLine(server: RunningServer, seedDemo: boolean): string | null {
  if (server.setupUrl) {
    return `Jibei is ready at ${server.origin} — open ${server.setupUrl} to create your alliance and its first administrator (valid 24 h).`
  }
  if (seedDemo) {
    const users = DEMO_USERS.map((user) => user.username).join(', ')
    return `Jibei demo at ${server.origin} — sign in as ${users} (password ${DEMO_PASSWORD})`
  }
  return null
}

async function main(): Promise<void> {
  const config = loadConfig()
  const log = createLogger(config.logLevel)
  const server = await startServer(config, log)
  const line = startLine(server, config.seedDemo)
  if (line) process.stdout.write(`${line}\n`)
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    const forced = setTimeout(() => {
      log.error('shutdown took too long; exiting')
      process.exit(1)
    }, SHUTDOWN_TIMEOUT_MS)
    forced.unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
