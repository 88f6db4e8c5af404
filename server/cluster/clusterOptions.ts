/** What `startCluster` runs: how many instances, on which consecutive ports. */
export interface ClusterOptions {
  /** Number of server instances (`--instances N`, else `CLUSTER_INSTANCES`, default 2). */
  instances: number
  /** Port of instance 0; instance i listens on `basePort + i` (`PORT`, default 3000). */
  basePort: number
}

/** A bad argument or environment: the message says what to fix. */
export class ClusterOptionsError extends Error {
  override name = 'ClusterOptionsError'
}

/** Help text of `startCluster`. */
export const CLUSTER_USAGE = `Usage: npm run start:cluster -- [--instances N]

Starts N Jibei server instances (default 2, or CLUSTER_INSTANCES) on consecutive ports from
PORT (default 3000): instance i listens on PORT+i. Every instance inherits the environment.
DATABASE_URL (postgres://…) and REDIS_URL (redis://…) are required: several instances on one
SQLite file are not supported.`

const DEFAULT_INSTANCES = 2
const MAX_INSTANCES = 64
const DEFAULT_BASE_PORT = 3000

/** True when the arguments ask for the help text. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h')
}

/** Parses an integer in [min, max] or throws naming the setting. */
function integerIn(raw: string, name: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ClusterOptionsError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

/** The value of `--instances`, from `--instances N` or `--instances=N`; undefined when absent. */
function instancesArgument(argv: readonly string[]): string | undefined {
  let value: string | undefined
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? ''
    if (argument === '--instances') {
      value = argv[index + 1]
      if (value === undefined || value.startsWith('-')) {
        throw new ClusterOptionsError('--instances needs a number, e.g. --instances 3')
      }
      index++
    } else if (argument.startsWith('--instances=')) {
      value = argument.slice('--instances='.length)
    } else {
      throw new ClusterOptionsError(`Unknown argument "${argument}"\n\n${CLUSTER_USAGE}`)
    }
  }
  return value
}

/**
 * Reads the cluster's settings from the command line and the environment; throws a
 * ClusterOptionsError when DATABASE_URL or REDIS_URL is missing or a number is out of range.
 */
export function parseClusterOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ClusterOptions {
  const rawInstances = instancesArgument(argv) ?? env.CLUSTER_INSTANCES?.trim()
  const instances = rawInstances
    ? integerIn(rawInstances, '--instances / CLUSTER_INSTANCES', 1, MAX_INSTANCES)
    : DEFAULT_INSTANCES
  const rawPort = env.PORT?.trim()
  const basePort = rawPort ? integerIn(rawPort, 'PORT', 1, 65535) : DEFAULT_BASE_PORT
  if (basePort + instances - 1 > 65535) {
    throw new ClusterOptionsError(
      `PORT ${basePort} + ${instances} instances goes beyond port 65535; choose a lower PORT`,
    )
  }
  const databaseUrl = env.DATABASE_URL?.trim()
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ClusterOptionsError(
      'DATABASE_URL must be set to a postgres:// URL: several instances cannot share one SQLite file',
    )
  }
  const redisUrl = env.REDIS_URL?.trim()
  if (!redisUrl || !/^rediss?:\/\//.test(redisUrl)) {
    throw new ClusterOptionsError(
      'REDIS_URL must be set to a redis:// URL: the instances relay edits and revocations through Redis',
    )
  }
  return { instances, basePort }
}
