import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** An API failure with a stable error id and HTTP status; becomes `{ok:false,error,message}`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly error: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** 400: the request does not match its schema. */
export const badRequest = (message: string): ApiFailure =>
  new ApiFailure(400, 'bad_request', message)
/** 401: not signed in (or the credentials are invalid). */
export const unauthorized = (): ApiFailure =>
  new ApiFailure(401, 'unauthorized', 'Please sign in first')
/** 403: signed in, but not allowed. */
export const forbidden = (message = 'You do not have permission to do this'): ApiFailure =>
  new ApiFailure(403, 'forbidden', message)
/** 404: nothing there (or nothing the caller may know about). */
export const notFound = (what = 'Resource'): ApiFailure =>
  new ApiFailure(404, 'not_found', `${what} not found`)
/** 409: conflicts with existing data. */
export const conflict = (message: string): ApiFailure => new ApiFailure(409, 'conflict', message)
/** 429: too many attempts. */
export const tooManyRequests = (retryAfterMs: number): ApiFailure =>
  new ApiFailure(429, 'too_many_requests', 'Too many attempts; please wait and try again', {
    'Retry-After': String(Math.ceil(retryAfterMs / 1000)),
  })
