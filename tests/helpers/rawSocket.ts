import WebSocket from 'ws'

/** How the server ended a raw connection. */
export interface CloseResult {
  code: number
  reason: string
}

/** A raw `ws` client plus a promise of its close, registered before anything is sent. */
export interface RawSocket {
  ws: WebSocket
  /** Resolves when the socket closes (by either side), with the code the client saw. */
  closed: Promise<CloseResult>
  /** Errors the client socket reported (a reset after a close is not a test failure). */
  errors: Error[]
}

/** Opens a raw websocket to `url` and resolves once it is open. */
export function openRawSocket(url: string, timeoutMs = 10_000): Promise<RawSocket> {
  return whenOpen(new WebSocket(url), url, timeoutMs)
}

/**
 * Resolves with `ws` (a socket just created, before any event) as a RawSocket once it is open;
 * rejects when its upgrade is refused, it closes first or it does not open within `timeoutMs`.
 */
export function whenOpen(ws: WebSocket, url: string, timeoutMs = 10_000): Promise<RawSocket> {
  const errors: Error[] = []
  ws.on('error', (error) => errors.push(error))
  const closed = new Promise<CloseResult>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }))
  })
  return new Promise<RawSocket>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`socket to ${url} did not open in time`))
    }, timeoutMs)
    ws.once('open', () => {
      clearTimeout(timer)
      resolve({ ws, closed, errors })
    })
    ws.once('unexpected-response', (_request, response) => {
      clearTimeout(timer)
      response.resume()
      ws.terminate()
      reject(new Error(`upgrade to ${url} was refused with HTTP ${response.statusCode}`))
    })
    void closed.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`socket to ${url} closed (${code}) before it opened: ${errors[0]?.message}`))
    })
  })
}

/** Resolves with `closed`, or rejects if the server has not closed the socket in time. */
export function closeWithin(socket: RawSocket, timeoutMs = 10_000): Promise<CloseResult> {
  return new Promise<CloseResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.ws.terminate()
      reject(new Error('the server did not close the socket in time'))
    }, timeoutMs)
    void socket.closed.then((result) => {
      clearTimeout(timer)
      resolve(result)
    })
  })
}

/**
 * Opens a socket, sends `frames` in order (strings as text frames, bytes as binary frames) and
 * resolves with how the server closed it.
 */
export async function sendFramesAndAwaitClose(
  url: string,
  frames: ReadonlyArray<Uint8Array | string>,
  timeoutMs = 10_000,
): Promise<CloseResult> {
  const socket = await openRawSocket(url, timeoutMs)
  for (const frame of frames) {
    socket.ws.send(frame, { binary: typeof frame !== 'string' })
  }
  return closeWithin(socket, timeoutMs)
}

/** What became of a websocket upgrade: 101 when it was accepted, else the HTTP status. */
export function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<number> {
  const ws = new WebSocket(url, { headers })
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`upgrade to ${url} was neither accepted nor refused in time`))
    }, timeoutMs)
    ws.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    ws.once('open', () => {
      clearTimeout(timer)
      ws.close()
      resolve(101)
    })
    ws.once('unexpected-response', (_request, response) => {
      clearTimeout(timer)
      response.resume()
      ws.terminate()
      resolve(response.statusCode ?? 0)
    })
  })
}

/** Tries to open a websocket that the server should refuse; resolves with the HTTP status. */
export async function upgradeRejectionStatus(url: string, timeoutMs = 10_000): Promise<number> {
  const status = await upgradeStatus(url, {}, timeoutMs)
  if (status === 101) throw new Error(`upgrade to ${url} was accepted`)
  return status
}
