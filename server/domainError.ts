import { ERROR_STATUS, type ErrorCode } from '../shared/errorCodes.ts'

/**
 * A failure of the domain, named by a stable `ErrorCode` (shared/errorCodes.ts). Domain code
 * throws it without knowing HTTP; the API's error handler answers `{ok:false,error,message}`
 * with the code's status. `message` is for logs and API users; the browser shows its own text.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** How long the caller should wait before trying again (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }

  /** The HTTP status the API answers this error with. */
  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code]
  }
}

/** `bad_request`: the request does not match its schema. */
export const badRequest = (message: string): DomainError => new DomainError('bad_request', message)
/** `unauthorized`: not signed in (or the credentials are invalid). */
export const unauthorized = (): DomainError =>
  new DomainError('unauthorized', 'Please sign in first')
/** `forbidden`: signed in, but not allowed. */
export const forbidden = (message = 'You do not have permission to do this'): DomainError =>
  new DomainError('forbidden', message)
/** `not_found`: nothing there (or nothing the caller may know about). */
export const notFound = (what = 'Resource'): DomainError =>
  new DomainError('not_found', `${what} not found`)
/** `conflict`: conflicts with existing data. */
export const conflict = (message: string): DomainError => new DomainError('conflict', message)
/** `too_many_requests`: too many attempts. */
export const tooManyRequests = (retryAfterMs: number): DomainError =>
  new DomainError(
    'too_many_requests',
    'Too many attempts; please wait and try again',
    Math.ceil(retryAfterMs / 1000),
  )
