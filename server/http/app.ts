import fs from 'node:fs'
import path from 'node:path'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { type Context, Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCode } from '../../shared/errorCodes.ts'
import { DomainError } from '../domainError.ts'
import { commentRoutes } from '../features/comments/index.ts'
import { dashboardRoutes } from '../features/dashboard/index.ts'
import { documentRoutes } from '../features/documents/index.ts'
import {
  binderRoutes,
  exportRoutes,
  importRoutes,
  libraryExportRoutes,
  minutesRoutes,
  observationReportRoutes,
} from '../features/export/index.ts'
import { compareRoutes, contributorRoutes, versionRoutes } from '../features/history/index.ts'
import {
  affiliationRoutes,
  auditRoutes,
  authRoutes,
  groupRoutes,
  meRoutes,
  resolvePrincipal,
  schoolRoutes,
  setupRoutes,
  teacherImportRoutes,
  termRoutes,
  userRoutes,
} from '../features/identity/index.ts'
import { libraryRoutes } from '../features/library/index.ts'
import { meetingRoutes } from '../features/meetings/index.ts'
import { mentoringRoutes } from '../features/mentoring/index.ts'
import { notificationRoutes } from '../features/notifications/index.ts'
import { observationRoutes, rubricRoutes, sheetRoutes } from '../features/observations/index.ts'
import { prepRoutes } from '../features/prep/index.ts'
import { uploadFileRoutes, uploadRoutes } from '../features/uploads/index.ts'
import type { ApiServices, AppEnv } from './context.ts'
import { clientAddress, isAllowedOrigin } from './origin.ts'
import { NO_CACHE, serveHashedAssets } from './serveAssets.ts'

/** The state of the engines the server depends on, as `GET /api/health` reports it. */
export interface HealthReport {
  database: { engine: 'sqlite' | 'postgres'; ok: boolean }
  /** Null when the server runs alone (no REDIS_URL). */
  redis: { ok: boolean } | null
}

/** What the HTTP layer needs to know about the running server. */
export interface HttpContext {
  /** Whether the server is up and not shutting down. */
  isReady(): boolean
  /** Asks the database and Redis whether they answer. */
  checkHealth(): Promise<HealthReport>
  /** Folder of the built client, if it exists. */
  clientDir: string
  services: ApiServices
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The Content-Security-Policy the app runs under (inline styles: the UI library injects them). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/**
 * Cross-site request forgery: an unsafe request riding on the session cookie must come from an
 * allowed Origin (or say `Sec-Fetch-Site: same-origin`). Token-authenticated scripts need not.
 */
const csrfGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (UNSAFE_METHODS.has(c.req.method) && !/^Bearer\s/i.test(c.req.header('authorization') ?? '')) {
    const origin = c.req.header('origin')
    const fetchSite = c.req.header('sec-fetch-site')
    const { allowedOrigins } = c.var.services
    const sameOrigin = origin
      ? isAllowedOrigin(origin, c.req.header('host'), allowedOrigins)
      : fetchSite === undefined
        ? !c.req.header('cookie')
        : fetchSite === 'same-origin' || fetchSite === 'none'
    if (!sameOrigin) {
      throw new DomainError('cross_site_request', 'Cross-site requests are not allowed')
    }
  }
  await next()
})

/** The stable error id and message of a client error Hono's own middleware raised. */
function clientFailure(error: HTTPException): { error: ErrorCode; message: string } {
  const message = error.message.slice(0, 200) || 'Bad request'
  if (message.startsWith('Malformed JSON')) return { error: 'malformed_json', message }
  return { error: error.status === 400 ? 'bad_request' : 'request_refused', message }
}

/** Builds the Hono application: the JSON API and the built client. */
export function createHttpApp(context: HttpContext) {
  /** Sets the services, the client address and the principal (cookie or token) of a request. */
  const requestContext = createMiddleware<AppEnv>(async (c, next) => {
    const { services } = context
    c.set('services', services)
    c.set(
      'clientAddress',
      clientAddress(
        getConnInfo(c).remote.address,
        c.req.header('x-forwarded-for'),
        services.trustProxy,
      ),
    )
    c.set(
      'principal',
      await resolvePrincipal(services.kdb, {
        cookieHeader: c.req.header('cookie'),
        authorization: c.req.header('authorization'),
      }),
    )
    await next()
  })

  const api = new Hono<AppEnv>()
    .use(requestContext)
    .use(csrfGuard)
    .get('/health', async (c) => {
      if (!context.isReady()) {
        return c.json({ ok: false as const, error: 'shutting_down', message: 'Shutting down' }, 503)
      }
      const report = await context.checkHealth()
      if (!report.database.ok || report.redis?.ok === false) {
        const failing = report.database.ok ? 'Redis' : 'the database'
        return c.json(
          {
            ok: false as const,
            error: 'unavailable',
            message: `${failing} does not answer`,
            ...report,
          },
          503,
        )
      }
      return c.json({ ok: true as const, ...report })
    })
    .route('/auth', authRoutes)
    .route('/', setupRoutes)
    .route('/', meRoutes)
    .route('/', schoolRoutes)
    .route('/', userRoutes)
    .route('/', teacherImportRoutes)
    .route('/', groupRoutes)
    .route('/', affiliationRoutes)
    .route('/', termRoutes)
    .route('/', importRoutes)
    .route('/', documentRoutes)
    .route('/', commentRoutes)
    .route('/', auditRoutes)
    .route('/', libraryRoutes)
    .route('/', uploadRoutes)
    .route('/', prepRoutes)
    .route('/', notificationRoutes)
    .route('/', meetingRoutes)
    .route('/', versionRoutes)
    .route('/', contributorRoutes)
    .route('/', compareRoutes)
    .route('/', dashboardRoutes)
    .route('/', exportRoutes)
    .route('/', libraryExportRoutes)
    .route('/', minutesRoutes)
    .route('/', binderRoutes)
    .route('/', observationReportRoutes)
    .route('/', rubricRoutes)
    .route('/', observationRoutes)
    .route('/', sheetRoutes)
    .route('/', mentoringRoutes)
    .all('*', (c) =>
      c.json({ ok: false as const, error: 'not_found', message: 'No such API endpoint' }, 404),
    )

  // Uploaded images: same credentials as the API, served before the static files and the SPA.
  const uploadedImages = new Hono<AppEnv>()
    .use('/uploads/*', requestContext)
    .route('/', uploadFileRoutes)

  const app = new Hono()
    .use(
      secureHeaders({
        contentSecurityPolicy: CONTENT_SECURITY_POLICY,
        crossOriginEmbedderPolicy: false,
      }),
    )
    .route('/api', api)
    .route('/', uploadedImages)

  app.onError((error, c) => {
    if (error instanceof DomainError) {
      const headers: Record<string, string> =
        error.retryAfterSeconds === undefined
          ? {}
          : { 'Retry-After': String(error.retryAfterSeconds) }
      return c.json({ ok: false, error: error.code, message: error.message }, error.status, headers)
    }
    if (error instanceof HTTPException && error.status < 500) {
      // A client's mistake (malformed JSON, say): one short line, no stack.
      const failure = clientFailure(error)
      context.services.log.warn(
        { method: c.req.method, path: c.req.path, status: error.status, error: failure.error },
        failure.message,
      )
      return c.json({ ok: false, ...failure }, error.status as ContentfulStatusCode)
    }
    context.services.log.error({ err: error, path: c.req.path }, 'request failed')
    return c.json(
      { ok: false, error: 'internal', message: 'Something went wrong on the server' },
      500,
    )
  })

  const indexFile = path.join(context.clientDir, 'index.html')
  if (fs.existsSync(indexFile)) {
    const root = path.relative(process.cwd(), context.clientDir) || '.'
    const indexHtml = fs.readFileSync(indexFile, 'utf8')
    const serveIndex = (c: Context) => c.html(indexHtml, 200, { 'Cache-Control': NO_CACHE })
    app.get('/', serveIndex)
    app.get('/index.html', serveIndex)
    app.use('/assets/*', serveHashedAssets(context.clientDir))
    app.use('/*', serveStatic({ root }))
    app.get('*', serveIndex)
  } else {
    app.get('/', (c) =>
      c.text('The client is not built yet: run `npm run build` (npm start does it for you).', 503),
    )
  }
  return app
}

/** The typed API, for `hc<AppType>()` in the client. */
export type AppType = ReturnType<typeof createHttpApp>
