import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import {
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  type LineSink,
  markLine,
  restartDelay,
  Supervisor,
  type SupervisorLog,
} from '../../server/cluster/Supervisor.ts'

describe('restartDelay', () => {
  it('starts at 1 s and doubles up to 30 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 50].map((failures) =>
      restartDelay(failures, DEFAULT_BACKOFF),
    )
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000])
  })
})

describe('markLine', () => {
  it('adds the instance to a JSON log line', () => {
    const line = markLine(1, '{"level":30,"msg":"listening","port":3001}')
    expect(JSON.parse(line)).toEqual({ instance: 1, level: 30, msg: 'listening', port: 3001 })
  })

  it('prefixes anything else', () => {
    expect(markLine(0, 'Error: boom')).toBe('[0] Error: boom')
    expect(markLine(2, '{ not json')).toBe('[2] { not json')
    expect(markLine(3, '[1,2]')).toBe('[3] [1,2]')
  })
})

/** A log and a sink that remember what they were given. */
function recorder(): { log: SupervisorLog; sink: LineSink; entries: string[]; lines: string[] } {
  const entries: string[] = []
  const lines: string[] = []
  const record = (_details: object, message: string): void => {
    entries.push(message)
  }
  return {
    log: { info: record, warn: record, error: record },
    sink: { stdout: (line) => lines.push(line), stderr: (line) => lines.push(`stderr ${line}`) },
    entries,
    lines,
  }
}

const FAST: BackoffPolicy = { initialMs: 20, maxMs: 80, resetAfterMs: 60_000 }

/** A Supervisor running `node -e script`. */
function supervise(script: string, seen: ReturnType<typeof recorder>): Supervisor {
  return new Supervisor({
    index: 7,
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: process.env,
    log: seen.log,
    sink: seen.sink,
    backoff: FAST,
  })
}

describe('Supervisor', () => {
  it('passes lines through marked and restarts a child that exits', async () => {
    const seen = recorder()
    const supervisor = supervise(
      `console.log(JSON.stringify({ msg: 'up' })); console.error('oops'); process.exit(3)`,
      seen,
    )
    supervisor.start()
    await vi.waitFor(() => expect(supervisor.starts).toBeGreaterThanOrEqual(3), 10_000)
    await supervisor.stop(1_000)
    expect(seen.lines).toContain('{"instance":7,"msg":"up"}')
    expect(seen.lines).toContain('stderr [7] oops')
    expect(seen.entries).toContain('instance exited unexpectedly; restarting it')
  })

  it('stops a child with SIGTERM and does not restart it', async () => {
    const seen = recorder()
    const supervisor = supervise(`console.log('ready'); setInterval(() => {}, 1000)`, seen)
    supervisor.start()
    await vi.waitFor(() => expect(seen.lines.includes('[7] ready')).toBe(true), 10_000)
    await supervisor.stop(5_000)
    expect(supervisor.pid).toBeUndefined()
    await sleep(100)
    expect(supervisor.starts).toBe(1)
    expect(seen.entries).toContain('instance stopped')
  })

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const seen = recorder()
    const supervisor = supervise(
      `process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)`,
      seen,
    )
    supervisor.start()
    await vi.waitFor(() => expect(seen.lines.includes('[7] ready')).toBe(true), 10_000)
    await supervisor.stop(200)
    expect(seen.entries).toContain('instance did not stop in time; killing it')
    expect(supervisor.pid).toBeUndefined()
  })
})
