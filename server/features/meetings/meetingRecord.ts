/**
 * The meeting record (集体备课记录, document kind `minutes`): its title, its pre-filled content
 * and the server-maintained lists (attendees, agenda, decisions) kept up to date in its Y.Doc.
 */
import * as Y from 'yjs'
import type { AgendaItem } from '../../../shared/meetings/meetingState.ts'
import {
  type RecordFacts,
  recordJSON,
  recordToYDoc,
} from '../../../shared/meetings/recordSchema.ts'
import { replaceRoleListLines } from '../../../shared/meetings/recordYjs.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { RosterPerson } from './queries.ts'

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

/** Record lines of an agenda: `说课（10 分钟）` (the item's planned minutes). */
export function agendaLines(agenda: readonly AgendaItem[]): string[] {
  return agenda.map((item) => `${item.title}（${item.minutes} 分钟）`)
}

/** Attendees as record lines, one per school in order of first arrival: `实验中学：张三、李四`. */
export function attendeeLines(attendees: readonly RosterPerson[]): string[] {
  const bySchool = new Map<string, string[]>()
  for (const person of attendees) {
    const names = bySchool.get(person.schoolName) ?? []
    names.push(person.displayName)
    bySchool.set(person.schoolName, names)
  }
  return [...bySchool].map(([school, names]) => `${school}：${names.join('、')}`)
}

/** Title of a meeting's record: `集体备课记录 · <plan title> · <date>`. */
export function recordTitle(planTitle: string, date: string): string {
  return `集体备课记录 · ${planTitle} · ${date}`
}

/**
 * Writes the pre-filled content of a brand-new record document. Nobody can have it open yet
 * (its id was created a moment ago), so it goes straight to the store as the first snapshot,
 * like a new plan's template.
 */
export async function writeInitialRecord(
  store: DocumentStore,
  recordId: string,
  facts: RecordFacts,
): Promise<void> {
  const ydoc = recordToYDoc(recordJSON(facts))
  try {
    await store.compact(recordId, Y.encodeStateAsUpdate(ydoc), 0)
  } finally {
    ydoc.destroy()
  }
}

/** The server-maintained parts of the record, as lines. */
export interface RecordLists {
  attendees?: readonly string[]
  agenda?: readonly string[]
  decisions?: readonly string[]
}

/**
 * Brings the server-maintained lists of the record up to date through the registry (persisted,
 * then relayed to everyone who has the record open); free notes are never touched.
 */
export async function updateRecordLists(
  registry: DocumentRegistry,
  recordId: string,
  lists: RecordLists,
): Promise<void> {
  await registry.change(recordId, (ydoc) => {
    if (lists.attendees) replaceRoleListLines(ydoc, 'attendees', lists.attendees)
    if (lists.agenda) replaceRoleListLines(ydoc, 'agenda', lists.agenda)
    if (lists.decisions) replaceRoleListLines(ydoc, 'decisions', lists.decisions)
  })
}
