import fs from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

/** What the HTTP layer needs to know about the running server. */
export interface HttpContext {
  /** Whether the server is up and not shutting down. */
  isReady(): boolean
  /** Folder of the built client, if it exists. */
  clientDir: string
}

/** Builds the Hono application: the JSON API and the built client. */
export function createHttpApp(context: HttpContext) {
  const app = new Hono()
    .get('/api/health', (c) => {
      if (!context.isReady()) return c.json({ ok: false as const, error: 'shutting_down' }, 503)
      return c.json({ ok: true as const })
    })
    .all('/api/*', (c) =>
      c.json({ ok: false as const, error: 'not_found', message: 'No such API endpoint' }, 404),
    )

  const indexFile = path.join(context.clientDir, 'index.html')
  if (fs.existsSync(indexFile)) {
    const root = path.relative(process.cwd(), context.clientDir) || '.'
    app.use('/*', serveStatic({ root }))
    const indexHtml = fs.readFileSync(indexFile, 'utf8')
    app.get('*', (c) => c.html(indexHtml))
  } else {
    app.get('/', (c) =>
      c.text('The client is not built yet: run `npm run build` (npm start does it for you).', 503),
    )
  }
  return app
}

/** The typed API, for `hc<AppType>()` in the client. */
export type AppType = ReturnType<typeof createHttpApp>
