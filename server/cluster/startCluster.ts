/**
 * `npm run start:cluster`: runs N instances of the server (`server/main.ts`) on consecutive ports (PORT,
 * PORT+1, …) sharing PostgreSQL and Redis, restarts a crashed one with a back-off, and stops
 * them all on SIGINT/SIGTERM. Put a load balancer in front (server/cluster/nginx.conf).
 */
import path from 'node:path'
import { createLogger } from '../logger.ts'
import {
  CLUSTER_USAGE,
  type ClusterOptions,
  ClusterOptionsError,
  parseClusterOptions,
  wantsHelp,
} from './clusterOptions.ts'
import { Supervisor } from './Supervisor.ts'

/**
 * The server's entry beside this file: `main.ts` when run from source (through tsx), `main.js`
 * when run from the build (dist/node); instances start with this process's Node flags.
 */
const SERVER_ENTRY = path.join(
  import.meta.dirname,
  '..',
  `main${path.extname(import.meta.filename)}`,
)

/** How long the instances get to shut down cleanly before they are killed. */
const STOP_GRACE_MS = 15_000

function readOptions(): ClusterOptions {
  const argv = process.argv.slice(2)
  if (wantsHelp(argv)) {
    console.log(CLUSTER_USAGE)
    process.exit(0)
  }
  try {
    return parseClusterOptions(argv, process.env)
  } catch (error) {
    if (!(error instanceof ClusterOptionsError)) throw error
    console.error(`start:cluster: ${error.message}`)
    process.exit(2)
  }
}

function main(): void {
  const options = readOptions()
  const log = createLogger(process.env.LOG_LEVEL || 'info').child({ component: 'cluster' })
  const supervisors = Array.from(
    { length: options.instances },
    (_, index) =>
      new Supervisor({
        index,
        command: process.execPath,
        args: [...process.execArgv, SERVER_ENTRY],
        cwd: process.cwd(),
        env: { ...process.env, PORT: String(options.basePort + index) },
        log,
      }),
  )
  log.info(
    {
      instances: options.instances,
      ports: supervisors.map((_, index) => options.basePort + index),
    },
    'starting cluster',
  )
  for (const supervisor of supervisors) supervisor.start()

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    log.info({ signal, graceMs: STOP_GRACE_MS }, 'stopping cluster')
    Promise.all(supervisors.map((supervisor) => supervisor.stop(STOP_GRACE_MS))).then(
      () => {
        log.info('cluster stopped')
        process.exit(0)
      },
      (error: unknown) => {
        log.error({ err: error }, 'stopping the cluster failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main()
