import fs from 'node:fs'
import WebSocket from 'ws'

/** Node's inspector flag for a server that the bench may ask to collect garbage. */
export function inspectArgument(port: number): string {
  return `--inspect=127.0.0.1:${port}`
}

/**
 * Asks a Node process started with `--inspect` for a full garbage collection (inspector
 * HeapProfiler.collectGarbage), so that RSS samples do not depend on when V8 last collected;
 * returns the bytes of JavaScript heap still in use afterwards (Runtime.getHeapUsage).
 */
export async function collectGarbage(inspectorPort: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)
  const targets = (await response.json()) as Array<{ webSocketDebuggerUrl: string }>
  const url = targets[0]?.webSocketDebuggerUrl
  if (!url) throw new Error('no inspector target')
  const socket = new WebSocket(url)
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const heapUsed = await new Promise<number>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: { usedSize?: number } }
      if (message.id === 1) socket.send(JSON.stringify({ id: 2, method: 'Runtime.getHeapUsage' }))
      if (message.id === 2) resolve(message.result?.usedSize ?? Number.NaN)
    })
    socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }))
  })
  socket.close()
  return heapUsed
}

/**
 * Writes a heap snapshot of a Node process started with `--inspect` to `file`
 * (inspector HeapProfiler.takeHeapSnapshot; V8 collects garbage first).
 */
export async function writeHeapSnapshot(inspectorPort: number, file: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)
  const targets = (await response.json()) as Array<{ webSocketDebuggerUrl: string }>
  const url = targets[0]?.webSocketDebuggerUrl
  if (!url) throw new Error('no inspector target')
  const socket = new WebSocket(url, { maxPayload: 1 << 30 })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const chunks: string[] = []
  await new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        id?: number
        method?: string
        params?: { chunk?: string }
      }
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk')
        chunks.push(message.params?.chunk ?? '')
      if (message.id === 1) resolve()
    })
    socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.takeHeapSnapshot' }))
  })
  socket.close()
  await fs.promises.writeFile(file, chunks.join(''))
}
