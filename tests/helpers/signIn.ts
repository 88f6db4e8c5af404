import http from 'node:http'
import WebSocket from 'ws'
import type { AppKysely } from '../../server/db/kysely.ts'
import { DEMO_PLANS } from '../../server/seed/demoPlans.ts'
import { DEMO_PASSWORD } from '../../server/seed/seedDemo.ts'
import { type CloseResult, whenOpen } from './rawSocket.ts'

/** The parts of a test server these helpers talk to. */
export interface HttpTarget {
  /** `http://127.0.0.1:<port>` */
  httpUrl: string
}

/** A raw HTTP response: status, lower-cased headers and the parsed JSON body (if any). */
export interface HttpResult {
  status: number
  headers: http.IncomingHttpHeaders
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown
  text: string
}

/** Options of one request; every header is sent exactly as given (nothing is added). */
export interface RequestOptions {
  /** JSON body; sets `content-type: application/json`. */
  json?: unknown
  /** `jibei_session=…` cookie pair. */
  cookie?: string
  /** Sent as `Authorization: Bearer <token>`. */
  bearer?: string
  /** The Origin header; omitted when undefined. */
  origin?: string
  headers?: Record<string, string>
}

/**
 * Sends one HTTP request with `node:http`, so that no header is added behind the test's back
 * (fetch adds `sec-fetch-mode` and may add others).
 */
export function httpRequest(
  target: HttpTarget,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers }
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json)
  if (payload !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = String(Buffer.byteLength(payload))
  }
  if (options.cookie !== undefined) headers.cookie = options.cookie
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`
  if (options.origin !== undefined) headers.origin = options.origin
  const url = new URL(path, target.httpUrl)
  return new Promise<HttpResult>((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = text
        try {
          body = text ? (JSON.parse(text) as unknown) : null
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text })
      })
    })
    request.on('error', reject)
    request.end(payload)
  })
}

/** A signed-in browser session. */
export interface Session {
  /** `jibei_session=<secret>`, ready for a Cookie header. */
  cookie: string
  /** The raw Set-Cookie header the login answered with. */
  setCookie: string
  userId: string
}

/** The session cookie pair from a login response, or null. */
export function sessionCookieOf(result: HttpResult): { cookie: string; setCookie: string } | null {
  const setCookie = (result.headers['set-cookie'] ?? []).find((line) =>
    line.startsWith('jibei_session='),
  )
  if (!setCookie) return null
  return { cookie: setCookie.split(';')[0] as string, setCookie }
}

/** Tries to sign in (same-origin, as the browser client does). */
export function login(
  target: HttpTarget,
  username: string,
  password: string = DEMO_PASSWORD,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return httpRequest(target, 'POST', '/api/auth/login', {
    json: { username, password },
    origin: target.httpUrl,
    headers,
  })
}

/** Signs in and returns the session; throws if the server refuses. */
export async function signIn(
  target: HttpTarget,
  username: string,
  password: string = DEMO_PASSWORD,
): Promise<Session> {
  const result = await login(target, username, password)
  const pair = sessionCookieOf(result)
  if (result.status !== 200 || !pair) {
    throw new Error(`sign-in as ${username} failed: HTTP ${result.status} ${result.text}`)
  }
  const body = result.body as { user: { id: string } }
  return { ...pair, userId: body.user.id }
}

/** Creates a personal API token for the session's user (POST /api/tokens); returns the secret. */
export async function createToken(
  target: HttpTarget,
  session: Session,
  name = 'tests',
): Promise<{ id: string; secret: string }> {
  const result = await httpRequest(target, 'POST', '/api/tokens', {
    json: { name },
    cookie: session.cookie,
    origin: target.httpUrl,
  })
  if (result.status !== 201) {
    throw new Error(`creating a token failed: HTTP ${result.status} ${result.text}`)
  }
  const body = result.body as { token: { id: string }; secret: string }
  return { id: body.token.id, secret: body.secret }
}

/** The id of a demo plan by its index in DEMO_PLANS (0–3 are the group's plans). */
export async function demoPlanId(db: AppKysely, index: number): Promise<string> {
  const plan = DEMO_PLANS[index]
  if (!plan) throw new Error(`no demo plan ${index}`)
  const row = await db
    .selectFrom('documents')
    .select('id')
    .where('title', '=', plan.title)
    .executeTakeFirst()
  if (!row) throw new Error(`demo plan "${plan.title}" is not seeded`)
  return row.id
}

/**
 * A `ws` WebSocket class that sends a Cookie and an Origin header, for the y-websocket
 * provider's `WebSocketPolyfill` (a browser sends both by itself). Errors the sockets report
 * (for instance "Unexpected server response: 401") are pushed to `errors`.
 */
export function cookieWebSocket(
  cookie: string,
  origin: string,
  errors: string[] = [],
): new (
  address: string | URL,
  protocols?: string | string[],
) => WebSocket {
  return class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie, origin } })
      this.on('error', (error) => errors.push(error.message))
    }
  }
}

/** Re-exported: what became of a websocket upgrade (101 or the HTTP status). */
export { upgradeStatus } from './rawSocket.ts'

/** An open raw websocket that keeps every binary message it receives. */
export interface RecordingSocket {
  ws: WebSocket
  messages: Uint8Array[]
  /** Resolves when the socket closes, with the code and reason the client saw. */
  closed: Promise<CloseResult>
  /** Whether `closed` has resolved. */
  readonly isClosed: boolean
}

/** Opens a raw websocket with these headers; rejects if the upgrade is refused. */
export async function openRecordingSocket(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<RecordingSocket> {
  const ws = new WebSocket(url, { headers })
  const messages: Uint8Array[] = []
  let isClosed = false
  ws.on('message', (data, isBinary) => {
    if (isBinary && Buffer.isBuffer(data)) messages.push(new Uint8Array(data))
  })
  ws.on('close', () => {
    isClosed = true
  })
  const { closed } = await whenOpen(ws, url, timeoutMs)
  return {
    ws,
    messages,
    closed,
    get isClosed() {
      return isClosed
    },
  }
}
