/** Formatting shared by the 听评课 pages. */

/** A date and time in the interface language (e.g. 2026年12月8日 09:00). */
export function formatDateTime(at: number, language: string): string {
  return new Date(at).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A clock time (09:05). */
export function formatClock(at: number, language: string): string {
  return new Date(at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
}

/** A number with at most one decimal (86.5, 90). */
export function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10)
}
