import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import readline from 'node:readline'
import { sleep } from '../stats.ts'

/** The CPU core servers are pinned to; the generator uses the other one. */
export const SERVER_CORE = '0'

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** How to start one server process. */
export interface ProcessSpec {
  command: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  port: number
}

/** A server under test, running pinned to SERVER_CORE, with its output lines observable. */
export class ServerProcess {
  private readonly child: ChildProcess
  private readonly exited: Promise<number | null>
  private readonly lineListeners: Array<(line: string) => void> = []
  /** The last lines of stderr, shown when the process fails. */
  readonly errors: string[] = []

  private constructor(readonly spec: ProcessSpec) {
    this.child = spawn('taskset', ['-c', SERVER_CORE, spec.command, ...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)))
    const stdout = this.child.stdout
    const stderr = this.child.stderr
    if (stdout) {
      readline.createInterface({ input: stdout }).on('line', (line) => {
        for (const listener of this.lineListeners) listener(line)
      })
    }
    if (stderr) {
      readline.createInterface({ input: stderr }).on('line', (line) => {
        this.errors.push(line)
        if (this.errors.length > 20) this.errors.shift()
      })
    }
  }

  /** Starts the process and resolves once its port accepts connections. */
  static async start(spec: ProcessSpec): Promise<ServerProcess> {
    const server = new ServerProcess(spec)
    const deadline = performance.now() + 60_000
    let exitCode: number | null | undefined
    server.exited.then((code) => {
      exitCode = code
    })
    while (!(await canConnect(spec.port))) {
      if (exitCode !== undefined || performance.now() > deadline) {
        throw new Error(
          `${spec.command} ${spec.args.join(' ')} did not start (exit ${exitCode}): ${server.errors.join('\n')}`,
        )
      }
      await sleep(50)
    }
    return server
  }

  /** The process id (taskset execs the server, so this is the server's pid). */
  get pid(): number {
    return this.child.pid as number
  }

  /** Calls `listener` with every line the server writes to stdout. */
  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener)
  }

  /** Sends SIGTERM and waits for the exit (SIGKILL after `graceMs`); returns the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
    const code = await this.exited
    clearTimeout(timer)
    return code
  }
}
