/**
 * The writers of a session (stock providers, full Y.Docs) in a thread of their own: applying
 * every keystroke to 50 documents keeps an event loop busy, and observers sharing that loop
 * would time their deliveries late by however long the writers' turn took. Started by
 * WriterGroup; talks to it with the messages of writerProtocol.ts.
 */
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'
import { repeatJittered } from './repeatJittered.ts'
import { connectStockClient, type StockClient } from './StockWriter.ts'
import { epochNow, type WriterCommand, type WriterEvent } from './writerProtocol.ts'

const port = parentPort
if (!port) throw new Error('writerThread runs as a worker thread')

let writers: StockClient[] = []
let stops: (() => void)[] = []

function post(event: WriterEvent): void {
  port?.postMessage(event)
}

/** Runs `action` every `ms` on average (see repeatJittered), until the 'stop' command. */
function every(ms: number, action: () => void): void {
  stops.push(repeatJittered(ms, action))
}

/** Types one character at a random position, telling the main thread its id first. */
function typeCharacter(doc: Y.Doc): void {
  const text = doc.getText('content')
  const position = Math.floor(Math.random() * (text.length + 1))
  post({ type: 'sent', marks: [doc.clientID, Y.getState(doc.store, doc.clientID), epochNow()] })
  text.insert(position, String.fromCharCode(97 + Math.floor(Math.random() * 26)))
}

function sameDocuments(): boolean {
  const text = writers[0]?.doc.getText('content').toString()
  return writers.every((writer) => writer.doc.getText('content').toString() === text)
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

/** Resolves once every client synced; rejects after `ms`. */
function synced(clients: readonly StockClient[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`writers did not sync within ${ms} ms`)), ms)
  })
  const all = Promise.all(clients.map((client) => client.synced)).then(() => undefined)
  return Promise.race([all, timeout]).finally(() => clearTimeout(timer))
}

async function handle(command: WriterCommand): Promise<void> {
  switch (command.type) {
    case 'connect': {
      for (let start = 0; start < command.writers; start += 10) {
        const batch: StockClient[] = []
        for (let index = start; index < Math.min(command.writers, start + 10); index++) {
          batch.push(connectStockClient(command.endpoint))
        }
        await synced(batch, 30_000)
        writers.push(...batch)
      }
      for (const [index, writer] of writers.entries()) {
        writer.awareness.setLocalStateField('user', { name: `writer ${index}` })
      }
      post({ type: 'ready' })
      return
    }
    case 'type': {
      for (const writer of writers) {
        every(1000 / command.charactersPerSecond, () => typeCharacter(writer.doc))
      }
      const awarenessEveryMs = command.awarenessEveryMs
      if (awarenessEveryMs) {
        for (const writer of writers) {
          every(awarenessEveryMs, () =>
            writer.awareness.setLocalStateField('cursor', { at: Math.floor(Math.random() * 1000) }),
          )
        }
      }
      return
    }
    case 'stop': {
      for (const stop of stops) stop()
      stops = []
      post({ type: 'stopped' })
      return
    }
    case 'finish': {
      const identical = await waitFor(sameDocuments, 10_000)
      for (const writer of writers) writer.destroy()
      writers = []
      post({ type: 'finished', identical })
      return
    }
  }
}

// Every stock provider adds a process exit listener.
process.setMaxListeners(0)
port.on('message', (command: WriterCommand) => {
  handle(command).catch((error: unknown) => {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  })
})
