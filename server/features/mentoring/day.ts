/** Calendar days in China time (UTC+8 all year), as the pairs' periods are written. */

/** China time is UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * 3_600_000

/** The China-time day `YYYY-MM-DD` of an epoch-ms instant. */
export function chinaDay(at: number): string {
  return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** Midnight (China time) starting the day `YYYY-MM-DD`, epoch ms. */
export function chinaMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS
}
