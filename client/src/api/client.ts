import { hc } from 'hono/client'
import type { AppType } from '../../../server/http/app.ts'
import { ApiError } from './ApiError.ts'

/** The typed API client: routes, bodies and answers come from the server's types. */
export const client = hc<AppType>('/', { init: { credentials: 'same-origin' } }).api

/** Awaits a typed call and returns its JSON, or throws ApiError (status 0 when unreachable). */
export async function call<T>(
  request: Promise<{ ok: boolean; status: number; json(): Promise<T> }>,
): Promise<Exclude<T, { ok: false }>> {
  let response: { ok: boolean; status: number; json(): Promise<T> }
  try {
    response = await request
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached')
  }
  const body = (await response.json().catch(() => null)) as T | null
  if (!response.ok || body === null || (body as { ok?: boolean }).ok === false) {
    const failure = (body ?? {}) as { error?: string; message?: string }
    throw new ApiError(
      response.status,
      failure.error ?? 'unknown',
      failure.message ?? 'Request failed',
    )
  }
  return body as Exclude<T, { ok: false }>
}
