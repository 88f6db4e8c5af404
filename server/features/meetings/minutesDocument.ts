import * as Y from 'yjs'
import {
  type MinutesFacts,
  minutesJSON,
  minutesToYDoc,
} from '../../../shared/meetings/minutesSchema.ts'
import { replaceRoleListLines } from '../../../shared/meetings/minutesYjs.ts'
import type { AgendaItem } from '../../../shared/meetings/sessionState.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { AppDb } from '../../db/appDb.ts'
import type { DocumentRow } from '../../db/schema.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { createDocument } from '../documents/index.ts'

/** Time zone the alliance's dates are written in. */
const ALLIANCE_TIME_ZONE = 'Asia/Shanghai'

/** `YYYY-MM-DD` of an instant in the alliance's time zone. */
export function allianceDate(epochMs: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: ALLIANCE_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(epochMs))
}

/** Minutes lines of an agenda: `说课（10 分钟）`. */
export function agendaLines(agenda: readonly AgendaItem[]): string[] {
  return agenda.map((item) => `${item.title}（${item.minutes} 分钟）`)
}

/** Title of a session's minutes: `集体备课记录 · <plan title> · <date>`. */
export function minutesTitle(planTitle: string, date: string): string {
  return `集体备课记录 · ${planTitle} · ${date}`
}

/**
 * Inserts the minutes document's row (kind `minutes`, the plan's group, visible to the group, or
 * as the plan when it has no group), owned by the host. `db` is the start transaction's
 * database: the row is part of it. Returns its id.
 */
export async function insertMinutesRow(
  db: AppDb,
  plan: DocumentRow,
  host: { id: string; schoolId: string },
  title: string,
  now: number,
): Promise<string> {
  return createDocument(db, {
    at: now,
    ownerId: host.id,
    schoolId: host.schoolId,
    groupId: plan.groupId,
    kind: 'minutes',
    title,
    subject: plan.subject,
    grade: plan.grade,
    textbookEdition: plan.textbookEdition,
    unit: plan.unit,
    lesson: plan.lesson,
    status: 'draft',
    visibility: plan.groupId ? 'group' : plan.visibility,
  })
}

/**
 * Writes the pre-filled content of a brand-new minutes document. Nobody can have it open yet
 * (its id was created a moment ago), so it goes straight to the store as the first snapshot,
 * like a new plan's template.
 */
export async function writeInitialMinutes(
  store: DocumentStore,
  minutesId: string,
  facts: MinutesFacts,
): Promise<void> {
  const ydoc = minutesToYDoc(minutesJSON(facts))
  try {
    await store.compact(minutesId, Y.encodeStateAsUpdate(ydoc), 0)
  } finally {
    ydoc.destroy()
  }
}

/** The server-maintained parts of the minutes, as lines. */
export interface MinutesLists {
  attendees?: readonly string[]
  agenda?: readonly string[]
  decisions?: readonly string[]
}

/**
 * Brings the server-maintained lists of the minutes up to date through the registry (persisted,
 * then relayed to everyone who has the minutes open); free notes are never touched.
 */
export async function updateMinutesLists(
  registry: DocumentRegistry,
  minutesId: string,
  lists: MinutesLists,
): Promise<void> {
  await registry.change(minutesId, (ydoc) => {
    if (lists.attendees) replaceRoleListLines(ydoc, 'attendees', lists.attendees)
    if (lists.agenda) replaceRoleListLines(ydoc, 'agenda', lists.agenda)
    if (lists.decisions) replaceRoleListLines(ydoc, 'decisions', lists.decisions)
  })
}
