import { pino } from 'pino'

/** The structured logger type used throughout the server. */
export type Logger = pino.Logger

/** Creates the JSON logger; secrets in well-known places are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'jibei' },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'token', '*.token'],
      censor: '[redacted]',
    },
  })
}
