import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { LatencyRecorder } from './LatencyRecorder.ts'
import type { StockEndpoint } from './StockWriter.ts'
import type { WriterCommand, WriterEvent } from './writerProtocol.ts'

/** The writerThread module beside this one (.ts when run through tsx). */
const THREAD_FILE = path.join(
  import.meta.dirname,
  `writerThread${path.extname(import.meta.filename)}`,
)

/**
 * A session's writers, running in a worker thread of the generator (writerThread.ts): the
 * keystrokes they send are reported to `recorder` with their send times, so latency is still
 * measured in one process, on one clock.
 */
export class WriterGroup {
  private readonly worker: Worker
  private waiting: {
    type: WriterEvent['type']
    resolve: (event: WriterEvent) => void
    reject: (error: Error) => void
  } | null = null
  private failure: Error | null = null

  private constructor(private readonly recorder: LatencyRecorder) {
    this.worker = THREAD_FILE.endsWith('.ts')
      ? // From source (the bench runs through tsx): Node 20 does not hand tsx's loader on to
        // worker threads, so the thread loads the module through tsx's API.
        new Worker(
          `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(THREAD_FILE)}, ${JSON.stringify(import.meta.url)}))`,
          { eval: true },
        )
      : new Worker(THREAD_FILE)
    this.worker.on('message', (event: WriterEvent) => this.onEvent(event))
    this.worker.on('error', (error) => this.fail(error))
  }

  /** Starts the thread and connects `writers` stock clients to `endpoint`; resolves once synced. */
  static async connect(
    endpoint: StockEndpoint,
    writers: number,
    recorder: LatencyRecorder,
  ): Promise<WriterGroup> {
    const group = new WriterGroup(recorder)
    await group.request({ type: 'connect', endpoint, writers }, 'ready')
    return group
  }

  /** Starts typing (and presence changes, when asked). */
  startTyping(charactersPerSecond: number, awarenessEveryMs?: number): void {
    this.send({
      type: 'type',
      charactersPerSecond,
      ...(awarenessEveryMs ? { awarenessEveryMs } : {}),
    })
  }

  /** Stops typing; resolves once no further keystroke will be sent. */
  async stopTyping(): Promise<void> {
    await this.request({ type: 'stop' }, 'stopped')
  }

  /** Waits (up to 10 s) for the writers to hold identical documents, then ends the thread. */
  async finish(): Promise<boolean> {
    try {
      const event = await this.request({ type: 'finish' }, 'finished')
      return event.type === 'finished' && event.identical
    } finally {
      await this.worker.terminate()
    }
  }

  private send(command: WriterCommand): void {
    if (this.failure) throw this.failure
    this.worker.postMessage(command)
  }

  private request(command: WriterCommand, answer: WriterEvent['type']): Promise<WriterEvent> {
    return new Promise<WriterEvent>((resolve, reject) => {
      if (this.failure) {
        reject(this.failure)
        return
      }
      this.waiting = { type: answer, resolve, reject }
      this.send(command)
    })
  }

  private onEvent(event: WriterEvent): void {
    if (event.type === 'sent') {
      for (let at = 0; at + 2 < event.marks.length; at += 3) {
        this.recorder.markSent(
          event.marks[at] as number,
          event.marks[at + 1] as number,
          event.marks[at + 2] as number,
        )
      }
      return
    }
    if (event.type === 'failed') {
      this.fail(new Error(`writer thread: ${event.message}`))
      return
    }
    if (this.waiting?.type === event.type) {
      const { resolve } = this.waiting
      this.waiting = null
      resolve(event)
    }
  }

  private fail(error: Error): void {
    this.failure = error
    this.waiting?.reject(error)
    this.waiting = null
    void this.worker.terminate()
  }
}
