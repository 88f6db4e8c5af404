import { type ChildProcess, spawn } from 'node:child_process'
import readline from 'node:readline'
import type { Readable } from 'node:stream'

/** How quickly a crashed instance is restarted. */
export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number
  /** The delay doubles after each quick failure, up to this. */
  maxMs: number
  /** A child that ran at least this long counts as healthy: the delay starts over. */
  resetAfterMs: number
}

/** 1 s, doubling to 30 s; reset after a child ran 60 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 30_000,
  resetAfterMs: 60_000,
}

/** Delay before the next restart after `quickFailures` failures in a row (0 for the first). */
export function restartDelay(quickFailures: number, policy: BackoffPolicy): number {
  return Math.min(policy.initialMs * 2 ** Math.min(quickFailures, 30), policy.maxMs)
}

/**
 * One output line of instance `index`, marked with it: a JSON log line gains `"instance"`,
 * anything else is prefixed with `[index] `.
 */
export function markLine(index: number, line: string): string {
  if (line.startsWith('{')) {
    try {
      const entry: unknown = JSON.parse(line)
      if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
        return JSON.stringify({ instance: index, ...entry })
      }
    } catch {
      // not JSON after all: prefixed below
    }
  }
  return `[${index}] ${line}`
}

/** The part of a pino logger the supervisor uses. */
export interface SupervisorLog {
  info(details: object, message: string): void
  warn(details: object, message: string): void
  error(details: object, message: string): void
}

/** Where the children's marked lines go. */
export interface LineSink {
  stdout(line: string): void
  stderr(line: string): void
}

/** Writes marked lines to this process's stdout and stderr. */
export const PROCESS_SINK: LineSink = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
}

/** What to run for one instance, and how to watch it. */
export interface SupervisorOptions {
  /** Instance number, used to mark its lines and log entries. */
  index: number
  command: string
  args: readonly string[]
  cwd: string
  env: NodeJS.ProcessEnv
  log: SupervisorLog
  sink?: LineSink
  backoff?: BackoffPolicy
}

interface Running {
  child: ChildProcess
  /** Resolves once the child has exited (or failed to spawn). */
  exited: Promise<void>
}

/**
 * Keeps one child process running: passes its output through marked with its index, restarts
 * it with a growing back-off when it exits unexpectedly, and stops it on request.
 */
export class Supervisor {
  private readonly options: SupervisorOptions
  private readonly backoff: BackoffPolicy
  private readonly sink: LineSink
  private running: Running | null = null
  private restartTimer: NodeJS.Timeout | undefined
  private quickFailures = 0
  private stopping = false
  private startCount = 0

  constructor(options: SupervisorOptions) {
    this.options = options
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.sink = options.sink ?? PROCESS_SINK
  }

  /** How many times the child was started (1 before any restart). */
  get starts(): number {
    return this.startCount
  }

  /** Process id of the running child, if one runs. */
  get pid(): number | undefined {
    return this.running?.child.pid
  }

  /** Starts the child (once; restarts happen on their own). */
  start(): void {
    if (this.running || this.stopping || this.restartTimer) return
    this.spawnChild()
  }

  /**
   * Stops for good: cancels a pending restart, sends SIGTERM, and SIGKILL if the child has not
   * exited after `graceMs`. Resolves once it has exited.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true
    clearTimeout(this.restartTimer)
    this.restartTimer = undefined
    const running = this.running
    if (!running) return
    running.child.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const inTime = await Promise.race([
      running.exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs)
      }),
    ])
    clearTimeout(timer)
    if (!inTime) {
      this.options.log.warn(
        { instance: this.options.index, pid: running.child.pid, graceMs },
        'instance did not stop in time; killing it',
      )
      running.child.kill('SIGKILL')
      await running.exited
    }
  }

  private spawnChild(): void {
    const { index, command, args, cwd, env, log } = this.options
    const startedAt = Date.now()
    this.startCount++
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.pipeLines(child.stdout, (line) => this.sink.stdout(line))
    this.pipeLines(child.stderr, (line) => this.sink.stderr(line))
    let resolveExited: () => void = () => {}
    const exited = new Promise<void>((resolve) => {
      resolveExited = resolve
    })
    this.running = { child, exited }
    let ended = false
    const onEnd = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return
      ended = true
      this.running = null
      resolveExited()
      this.afterExit(code, signal, Date.now() - startedAt, child.pid)
    }
    child.on('exit', onEnd)
    child.on('error', (error) => {
      log.error({ instance: index, err: error }, 'instance process error')
      // A child that never started emits no 'exit'.
      if (child.pid === undefined) onEnd(null, null)
    })
    if (child.pid !== undefined) {
      log.info({ instance: index, pid: child.pid, start: this.startCount }, 'instance started')
    }
  }

  private afterExit(
    code: number | null,
    signal: NodeJS.Signals | null,
    ranMs: number,
    pid: number | undefined,
  ): void {
    const { index, log } = this.options
    if (this.stopping) {
      log.info({ instance: index, pid, code, signal }, 'instance stopped')
      return
    }
    if (ranMs >= this.backoff.resetAfterMs) this.quickFailures = 0
    const delayMs = restartDelay(this.quickFailures, this.backoff)
    this.quickFailures++
    log.error(
      { instance: index, pid, code, signal, ranMs, restartInMs: delayMs },
      'instance exited unexpectedly; restarting it',
    )
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined
      if (!this.stopping) this.spawnChild()
    }, delayMs)
  }

  private pipeLines(stream: Readable | null, write: (line: string) => void): void {
    if (!stream) return
    const lines = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })
    lines.on('line', (line) => write(markLine(this.options.index, line)))
  }
}
