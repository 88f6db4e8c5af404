/**
 * The changes an observer makes to their sheet, as the offline outbox keeps them: each applies
 * to the local copy at once (pure functions here) and becomes one idempotent request later.
 */
import type {
  ObserverSheet,
  PutCommentsBody,
  PutNoteBody,
} from '../../../../shared/observations/observationApi.ts'
import { observationPath } from './api.ts'

/** One change to the caller's sheet. */
export type SheetChange =
  | { kind: 'note'; id: string; note: PutNoteBody }
  | { kind: 'timing'; step: number | 'end'; at: number | null }
  | { kind: 'score'; point: string; value: number | null }
  | { kind: 'bonus'; key: string; value: number | null }
  | { kind: 'comments'; comments: PutCommentsBody }
  | { kind: 'submit'; at: number }

/** A request the outbox sends for a change. */
export interface SheetRequest {
  method: 'PUT' | 'POST'
  path: string
  body?: unknown
}

/** An empty sheet (before the server's copy arrives). */
export function emptySheet(observationId: string): ObserverSheet {
  return {
    observationId,
    notes: [],
    stepStarts: {},
    endedAt: null,
    scores: {},
    bonus: {},
    strengths: '',
    suggestions: [],
    points: [],
    submittedAt: null,
    updatedAt: 0,
  }
}

/**
 * The outbox slot of a change: a later change with the same key replaces an unsent earlier one
 * (every request has PUT semantics, so only the last one matters).
 */
export function changeKey(change: SheetChange): string {
  switch (change.kind) {
    case 'note':
      return `note:${change.id}`
    case 'timing':
      return `timing:${change.step}`
    case 'score':
      return `score:${change.point}`
    case 'bonus':
      return `bonus:${change.key}`
    case 'comments':
      return 'comments'
    case 'submit':
      return 'submit'
  }
}

/** The idempotent request that sends a change. */
export function requestOf(observationId: string, change: SheetChange): SheetRequest {
  const sheet = (rest: string) => observationPath(observationId, `/sheet${rest}`)
  switch (change.kind) {
    case 'note':
      return {
        method: 'PUT',
        path: sheet(`/notes/${encodeURIComponent(change.id)}`),
        body: change.note,
      }
    case 'timing':
      return { method: 'PUT', path: sheet('/timings'), body: { step: change.step, at: change.at } }
    case 'score':
      return {
        method: 'PUT',
        path: sheet('/scores'),
        body: { scores: [{ point: change.point, value: change.value }] },
      }
    case 'bonus':
      return {
        method: 'PUT',
        path: sheet('/bonus'),
        body: { bonus: [{ key: change.key, value: change.value }] },
      }
    case 'comments':
      return { method: 'PUT', path: sheet('/comments'), body: change.comments }
    case 'submit':
      return { method: 'POST', path: sheet('/submit') }
  }
}

/** Sets or clears one key of a record, returning a new record. */
function withValue(
  record: Record<string, number>,
  key: string,
  value: number | null,
): Record<string, number> {
  const next = { ...record }
  if (value === null) delete next[key]
  else next[key] = value
  return next
}

/** The sheet with a change applied, as the server will have it once the change arrives. */
export function applyChange(sheet: ObserverSheet, change: SheetChange): ObserverSheet {
  switch (change.kind) {
    case 'note': {
      const existing = sheet.notes.find((note) => note.id === change.id)
      if (existing && existing.editedAt > change.note.editedAt) return sheet
      const others = sheet.notes.filter((note) => note.id !== change.id)
      if (change.note.deleted) return { ...sheet, notes: others }
      const note = {
        id: change.id,
        step: change.note.step,
        point: change.note.point ?? null,
        text: change.note.text,
        at: change.note.at,
        editedAt: change.note.editedAt,
      }
      return { ...sheet, notes: [...others, note].sort((a, b) => a.at - b.at) }
    }
    case 'timing':
      return change.step === 'end'
        ? { ...sheet, endedAt: change.at }
        : { ...sheet, stepStarts: withValue(sheet.stepStarts, String(change.step), change.at) }
    case 'score':
      return { ...sheet, scores: withValue(sheet.scores, change.point, change.value) }
    case 'bonus':
      return { ...sheet, bonus: withValue(sheet.bonus, change.key, change.value) }
    case 'comments': {
      const sent = new Map(sheet.suggestions.map((item) => [item.id, item.threadId]))
      return {
        ...sheet,
        strengths: change.comments.strengths,
        suggestions: change.comments.suggestions.map((item) => ({
          ...item,
          threadId: sent.get(item.id) ?? null,
        })),
      }
    }
    case 'submit':
      return { ...sheet, submittedAt: sheet.submittedAt ?? change.at }
  }
}

/**
 * A client-generated id for a note or suggestion (fits NOTE_ID_PATTERN). getRandomValues rather
 * than randomUUID: a phone on the school network opens the app over plain http, where
 * randomUUID is missing.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
