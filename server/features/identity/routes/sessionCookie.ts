import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import type { AppEnv } from '../../../http/context.ts'
import { createSession } from '../commands.ts'
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../credentials.ts'

function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return c.var.services.trustProxy && c.req.header('x-forwarded-proto') === 'https'
}

/** Creates a session for `userId` and sets its cookie on the response (sign-in, set-up, links). */
export async function startBrowserSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const session = await createSession(c.var.services.kdb, userId)
  setCookie(c, SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  })
}
