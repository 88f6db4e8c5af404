/** Name of the session cookie. */
export const SESSION_COOKIE = 'jibei_session'

/** How long a session lasts without use. */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000

/** Prefix of every API token, so that leaked tokens are recognisable. */
export const TOKEN_PREFIX = 'jb_'

/**
 * How often using a session or token is written down (its expiry extended, its last use
 * recorded): at most once a minute, so that reads do not turn into writes on every request.
 */
export const TOUCH_INTERVAL_MS = 60_000

/** A freshly created session: the secret goes into the cookie, only its hash is stored. */
export interface NewSession {
  id: string
  secret: string
  expiresAt: number
}

/** A token as listed to its owner (never the secret). */
export interface ApiTokenInfo {
  id: string
  name: string
  prefix: string
  createdAt: number
  lastUsedAt: number | null
}
