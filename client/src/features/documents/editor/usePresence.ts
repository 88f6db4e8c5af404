import { useEffect, useMemo, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type { PublicUser } from '../../../../../shared/domain.ts'
import { useSchoolColor } from './schoolColors.ts'

/** What each participant announces about themselves. */
export interface PresenceUser {
  name: string
  color: string
  schoolId: string
  schoolName: string
  userId: string
  lastActive: number
  /** Stamped by the server on every state it relays: whether this connection may only view. */
  readOnly?: boolean
}

/** A participant as the presence bar shows them. */
export interface Participant extends PresenceUser {
  clientId: number
  self: boolean
  idle: boolean
  /** Whether this person only views the plan (no edit right on it, or it is read-only now). */
  viewing: boolean
}

/** Milliseconds without typing after which someone counts as idle. */
export const IDLE_AFTER_MS = 60_000

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false
  const user = value as Record<string, unknown>
  return typeof user.name === 'string' && typeof user.schoolName === 'string'
}

/**
 * The people in this document right now, one entry per person (several tabs merge), coloured by
 * school. `selfViewing`: whether this tab only views (the server stamps the others' states).
 */
export function usePresence(awareness: Awareness, selfViewing: boolean): Participant[] {
  const [participants, setParticipants] = useState<Participant[]>([])
  const { colorOf } = useSchoolColor()
  useEffect(() => {
    const read = (): void => {
      const now = Date.now()
      const byUser = new Map<string, Participant>()
      for (const [clientId, state] of awareness.getStates()) {
        const user = (state as { user?: unknown }).user
        if (!isPresenceUser(user)) continue
        const self = clientId === awareness.clientID
        const entry: Participant = {
          ...user,
          color: colorOf(user.schoolId),
          clientId,
          self,
          idle: now - user.lastActive > IDLE_AFTER_MS,
          viewing: self ? selfViewing : user.readOnly === true,
        }
        const existing = byUser.get(user.userId)
        if (!existing || entry.lastActive > existing.lastActive || self)
          byUser.set(user.userId, entry)
      }
      setParticipants(
        [...byUser.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName, 'zh-CN')),
      )
    }
    read()
    awareness.on('change', read)
    const timer = setInterval(read, 15_000)
    return () => {
      awareness.off('change', read)
      clearInterval(timer)
    }
  }, [awareness, colorOf, selfViewing])
  return participants
}

/** How a signed-in user appears to others: name, school and the school's colour. */
export function usePresenceUser(user: PublicUser): PresenceUser {
  const { colorOf } = useSchoolColor()
  return useMemo<PresenceUser>(
    () => ({
      name: user.displayName,
      color: colorOf(user.schoolId),
      schoolId: user.schoolId,
      schoolName: user.schoolName,
      userId: user.id,
      lastActive: Date.now(),
    }),
    [user, colorOf],
  )
}
