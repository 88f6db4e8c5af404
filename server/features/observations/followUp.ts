/**
 * What the report starts: the 评课 meeting (a 集体研讨 whose agenda is the lowest-scoring items)
 * and a suggestion sent as a comment thread onto the plan's 教学过程 step it concerns.
 */
import type { Node as PMNode } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { anchorOfRange, planViewOf, textOfRange } from '../../../shared/comments/anchors.ts'
import type { CommentAnchor } from '../../../shared/comments/threads.ts'
import { planSchema } from '../../../shared/editor/derive.ts'
import {
  PLAN_FRAGMENT,
  PROCESS_STEP_NODE,
  TEACHING_PROCESS_NODE,
} from '../../../shared/editor/planSchema.ts'
import type {
  ObservationRoles,
  ReviewMeetingStarted,
  SuggestionSent,
} from '../../../shared/observations/observationApi.ts'
import {
  DEFAULT_AGENDA_ITEMS,
  DEFAULT_AGENDA_MINUTES,
} from '../../../shared/observations/observationApi.ts'
import { parseJson, toJsonText } from '../../db/database.ts'
import { inTransaction } from '../../db/executor.ts'
import { DomainError, forbidden, notFound } from '../../domainError.ts'
import type { ApiServices } from '../../http/context.ts'
import { writeThread } from '../comments/index.ts'
import type { AccessSubject } from '../documents/index.ts'
import { MILESTONE_NAMES } from '../history/index.ts'
import { startMeeting } from '../meetings/index.ts'
import type { LoadedObservation } from './queries.ts'
import { reportBodyOf } from './reportQueries.ts'

/** Starts the 评课 meeting on the observed plan with the report's lowest items as its agenda. */
export async function startReviewMeeting(
  services: ApiServices,
  actor: { subject: AccessSubject; ip: string },
  observation: LoadedObservation,
  options: { items?: number | undefined; minutes?: number | undefined },
): Promise<ReviewMeetingStarted> {
  const body = await reportBodyOf(services.kdb, observation, options.items ?? DEFAULT_AGENDA_ITEMS)
  const minutes = options.minutes ?? DEFAULT_AGENDA_MINUTES
  const agenda = body.agenda.map((item) => ({ title: item.title, minutes }))
  if (agenda.length === 0)
    throw new DomainError('agenda_empty', 'Nothing was scored: the report has no agenda')
  const documentId = observation.row.documentId
  const started = await startMeeting(services.kdb, services.executor, services.store, actor, {
    documentId,
    agenda,
  })
  await services.versions.recordMilestone(
    documentId,
    'discussion_started',
    MILESTONE_NAMES.discussion_started,
    actor.subject.user.id,
  )
  return { meetingId: started.meetingId, recordDocumentId: started.recordDocumentId, agenda }
}

/** The steps of the live plan's 教学过程 with their positions in the document. */
function liveSteps(doc: PMNode): { name: string; node: PMNode; pos: number }[] {
  const steps: { name: string; node: PMNode; pos: number }[] = []
  doc.forEach((section, offset) => {
    if (section.type.name !== TEACHING_PROCESS_NODE) return
    section.forEach((step, stepOffset) => {
      if (step.type.name !== PROCESS_STEP_NODE) return
      const name = typeof step.attrs.name === 'string' ? step.attrs.name : ''
      steps.push({ name, node: step, pos: offset + 1 + stepOffset })
    })
  })
  return steps
}

/** The range of the first text block with text inside a node at `pos`. */
function firstTextRange(node: PMNode, pos: number): { from: number; to: number } | null {
  let range: { from: number; to: number } | null = null
  node.descendants((child, childPos) => {
    if (range) return false
    if (!child.isTextblock) return true
    if (child.content.size > 0) {
      const from = pos + 1 + childPos + 1
      range = { from, to: from + child.content.size }
    }
    return false
  })
  return range
}

/**
 * An anchor on the live plan's step that matches the pinned step: the same name (the nearest to
 * its old position when several have it), on its first text. 409 `step_missing` when the plan no
 * longer has such a step or it holds no text.
 */
export function anchorOnStep(
  state: Uint8Array,
  pinned: { index: number; name: string },
): { anchor: CommentAnchor; quote: string } {
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, state)
    const fragment = ydoc.getXmlFragment(PLAN_FRAGMENT)
    const view = planViewOf(fragment, planSchema())
    const candidates = liveSteps(view.doc)
      .map((step, index) => ({ ...step, index }))
      .filter((step) => step.name === pinned.name)
      .sort((a, b) => Math.abs(a.index - pinned.index) - Math.abs(b.index - pinned.index))
    for (const step of candidates) {
      const range = firstTextRange(step.node, step.pos)
      if (!range) continue
      return {
        anchor: anchorOfRange(ydoc, fragment, range, view.mapping),
        quote: textOfRange(view.doc, range),
      }
    }
    throw new DomainError('step_missing', `The plan has no step ${pinned.name} with text`)
  } finally {
    ydoc.destroy()
  }
}

/**
 * Sends a suggestion as a comment thread onto its step of the live plan, once: a suggestion
 * already sent answers its thread. Its author, the observed teacher, the lead or admins.
 */
export async function sendSuggestion(
  services: ApiServices,
  subject: AccessSubject,
  observation: LoadedObservation,
  roles: ObservationRoles,
  suggestionId: string,
): Promise<SuggestionSent> {
  const owner = observation.observers.find((observer) =>
    observer.suggestions.some((entry) => entry.id === suggestionId),
  )
  const suggestion = owner?.suggestions.find((entry) => entry.id === suggestionId)
  if (!owner || !suggestion) throw notFound('Suggestion')
  const isAuthor = owner.userId === subject.user.id
  if (!(isAuthor || roles.teacher || roles.lead || roles.admin))
    throw forbidden('Only its author, the observed teacher or the lead sends a suggestion')
  if (suggestion.threadId) return { threadId: suggestion.threadId, created: false }
  const step = suggestion.step === null ? undefined : observation.row.steps[suggestion.step]
  if (suggestion.step === null || !step)
    throw new DomainError('unknown_step', 'The suggestion concerns no step of the plan')
  const planId = observation.row.documentId
  const { anchor, quote } = anchorOnStep(await services.registry.encodeState(planId), {
    index: suggestion.step,
    name: step.name,
  })
  const { threadId } = await writeThread(services.registry, planId, {
    anchor,
    quote,
    author: {
      id: subject.user.id,
      name: subject.user.displayName,
      school: subject.user.schoolName,
    },
    body: `听课建议（${step.name}）：${suggestion.text}`,
    mentions: [],
  })
  // Re-read inside the transaction: the observer may have rewritten their comments meanwhile.
  await inTransaction(services.executor, async (ktx) => {
    const row = await ktx
      .selectFrom('observationObservers')
      .select('suggestions')
      .where('observationId', '=', observation.row.id)
      .where('userId', '=', owner.userId)
      .executeTakeFirst()
    if (!row) return
    const suggestions = parseJson(row.suggestions).map((entry) =>
      entry.id === suggestionId ? { ...entry, threadId } : entry,
    )
    await ktx
      .updateTable('observationObservers')
      .set({ suggestions: toJsonText(suggestions) })
      .where('observationId', '=', observation.row.id)
      .where('userId', '=', owner.userId)
      .execute()
  })
  return { threadId, created: true }
}
