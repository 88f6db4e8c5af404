/**
 * Library search entries for the demo lesson plans: the body is each section's paragraphs and
 * each 教学过程 step's name, teacher and student activity and intent, one per line. Used by the
 * search tests and benchmark, and to index the demo library.
 */
import type { DemoPlan } from '../../../seed/demoPlans.ts'
import type { LibrarySearchEntry } from './LibrarySearch.ts'

/** The paragraphs of a demo plan, sections first, then the steps, in display order. */
export function demoPlanParagraphs(plan: DemoPlan): string[] {
  const paragraphs: string[] = []
  for (const section of Object.values(plan.sections)) paragraphs.push(...section)
  for (const step of plan.steps) paragraphs.push(step.name, step.teacher, step.student, step.intent)
  return paragraphs
}

/** The search entry of a demo plan, its key as the entry id. */
export function demoPlanEntry(plan: DemoPlan): LibrarySearchEntry {
  return {
    entryId: plan.key,
    title: plan.title,
    keywords: [...plan.keywords],
    body: demoPlanParagraphs(plan).join('\n'),
  }
}
