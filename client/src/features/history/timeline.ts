/**
 * Pure helpers of the history timeline: versions grouped by calendar day (local time), the label
 * of each day, and which version "since the last 集体研讨" compares from.
 */
import type { VersionSummary } from '../../../../shared/history/versionApi.ts'

/** How a day of the timeline is labelled: 今天, 昨天, or its date. */
export type DayLabel = { kind: 'today' } | { kind: 'yesterday' } | { kind: 'date'; date: Date }

/** The versions of one calendar day, newest first. */
export interface DayGroup<T> {
  /** `YYYY-MM-DD` of the day in local time (stable React key). */
  key: string
  label: DayLabel
  versions: T[]
}

/** `YYYY-MM-DD` of a moment in local time. */
export function dayKey(at: number): string {
  const date = new Date(at)
  const month = String(date.getMonth() + 1).padStart(2, '0')
  const day = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}-${month}-${day}`
}

/** The label of the day holding `at`, seen at `now`. */
export function dayLabel(at: number, now: number): DayLabel {
  const key = dayKey(at)
  if (key === dayKey(now)) return { kind: 'today' }
  const yesterday = new Date(now)
  yesterday.setDate(yesterday.getDate() - 1)
  if (key === dayKey(yesterday.getTime())) return { kind: 'yesterday' }
  return { kind: 'date', date: new Date(at) }
}

/** Versions grouped by local calendar day, newest day first and newest first within a day. */
export function groupByDay<T extends { createdAt: number }>(
  versions: readonly T[],
  now: number,
): DayGroup<T>[] {
  const sorted = [...versions].sort((a, b) => b.createdAt - a.createdAt)
  const groups: DayGroup<T>[] = []
  for (const version of sorted) {
    const key = dayKey(version.createdAt)
    const last = groups.at(-1)
    if (last && last.key === key) last.versions.push(version)
    else groups.push({ key, label: dayLabel(version.createdAt, now), versions: [version] })
  }
  return groups
}

/**
 * The version "since the last 集体研讨" compares from: the newest `discussion_ended`
 * milestone, or the newest `discussion_started` when no discussion has ended; null if neither.
 */
export function sinceDiscussionVersion(versions: readonly VersionSummary[]): VersionSummary | null {
  const newest = (milestone: VersionSummary['milestone']): VersionSummary | null =>
    versions
      .filter((version) => version.milestone === milestone)
      .reduce<VersionSummary | null>(
        (best, version) => (best && best.createdAt >= version.createdAt ? best : version),
        null,
      )
  return newest('discussion_ended') ?? newest('discussion_started')
}

/** The version number a stored name carries at its end ("共案签发 v2" → "v2"), if any. */
export function versionSuffix(name: string): string {
  return /\bv\d+$/.exec(name.trim())?.[0] ?? ''
}
