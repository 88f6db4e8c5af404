import WebSocket from 'ws'

/** Node's inspector flag for a server that the bench may ask to collect garbage. */
export function inspectArgument(port: number): string {
  return `--inspect=127.0.0.1:${port}`
}

/**
 * Asks a Node process started with `--inspect` for a full garbage collection (inspector
 * HeapProfiler.collectGarbage), so that RSS samples do not depend on when V8 last collected.
 */
export async function collectGarbage(inspectorPort: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)
  const targets = (await response.json()) as Array<{ webSocketDebuggerUrl: string }>
  const url = targets[0]?.webSocketDebuggerUrl
  if (!url) throw new Error('no inspector target')
  const socket = new WebSocket(url)
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  await new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { id?: number }).id === 1) resolve()
    })
    socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }))
  })
  socket.close()
}
