import { describe, expect, it } from 'vitest'
import {
  dayKey,
  dayLabel,
  groupByDay,
  sinceDiscussionVersion,
  versionSuffix,
} from '../../../client/src/features/history/timeline.ts'
import type { VersionSummary } from '../../../shared/history/versionApi.ts'

/** A local moment: year, month (1–12), day, hour, minute. */
function at(year: number, month: number, day: number, hour = 12, minute = 0): number {
  return new Date(year, month - 1, day, hour, minute).getTime()
}

function version(
  id: number,
  createdAt: number,
  extra: Partial<VersionSummary> = {},
): VersionSummary {
  return {
    id,
    kind: 'auto',
    name: '',
    milestone: null,
    createdAt,
    createdBy: null,
    editors: [],
    changedParts: [],
    byteLength: 0,
    ...extra,
  }
}

describe('the history timeline by day', () => {
  const now = at(2026, 12, 7, 15, 0)

  it('labels today, yesterday and older days by local calendar day, not by 24 hours', () => {
    expect(dayLabel(at(2026, 12, 7, 0, 1), now)).toEqual({ kind: 'today' })
    expect(dayLabel(at(2026, 12, 6, 23, 59), now)).toEqual({ kind: 'yesterday' })
    expect(dayLabel(at(2026, 12, 6, 0, 0), now)).toEqual({ kind: 'yesterday' })
    const older = dayLabel(at(2026, 12, 5, 23, 59), now)
    expect(older.kind).toBe('date')
    expect(older.kind === 'date' && dayKey(older.date.getTime())).toBe('2026-12-05')
  })

  it('knows yesterday across a month and a year boundary', () => {
    expect(dayLabel(at(2026, 11, 30, 9), at(2026, 12, 1, 8))).toEqual({ kind: 'yesterday' })
    expect(dayLabel(at(2025, 12, 31, 9), at(2026, 1, 1, 8))).toEqual({ kind: 'yesterday' })
  })

  it('groups versions by day, newest day first and newest first within a day, whatever the input order', () => {
    const versions = [
      version(1, at(2026, 12, 1, 9)),
      version(4, at(2026, 12, 7, 9)),
      version(2, at(2026, 12, 6, 10)),
      version(5, at(2026, 12, 7, 14)),
      version(3, at(2026, 12, 6, 18)),
    ]
    const groups = groupByDay(versions, now)
    expect(groups.map((group) => group.key)).toEqual(['2026-12-07', '2026-12-06', '2026-12-01'])
    expect(groups.map((group) => group.label.kind)).toEqual(['today', 'yesterday', 'date'])
    expect(groups.map((group) => group.versions.map((v) => v.id))).toEqual([[5, 4], [3, 2], [1]])
  })

  it('has no day for no versions', () => {
    expect(groupByDay([], now)).toEqual([])
  })
})

describe('the version "since the last 集体研讨" compares from', () => {
  const ended = (id: number, createdAt: number) =>
    version(id, createdAt, { kind: 'milestone', milestone: 'discussion_ended' })
  const started = (id: number, createdAt: number) =>
    version(id, createdAt, { kind: 'milestone', milestone: 'discussion_started' })

  it('is the newest discussion_ended milestone, even when a later discussion has only started', () => {
    const versions = [
      started(9, 900),
      ended(7, 700),
      version(8, 800),
      ended(3, 300),
      started(2, 200),
    ]
    expect(sinceDiscussionVersion(versions)?.id).toBe(7)
  })

  it('falls back to the newest discussion_started, and is null without any discussion', () => {
    expect(sinceDiscussionVersion([started(2, 200), started(5, 500), version(6, 600)])?.id).toBe(5)
    expect(sinceDiscussionVersion([version(1, 100)])).toBeNull()
  })
})

describe('the version number of a stored milestone name', () => {
  it('is the trailing vN, or empty', () => {
    expect(versionSuffix('共案签发 v2')).toBe('v2')
    expect(versionSuffix('共案签发v12 ')).toBe('v12')
    expect(versionSuffix('研讨开始')).toBe('')
    expect(versionSuffix('v2 草稿')).toBe('')
  })
})
