import { DOCUMENT_STATUSES, type DocumentStatus } from './domain.ts'

/** Separates a plan's title from the stage it moved to in a life-cycle notification's excerpt. */
const ARROW = ' → '

/** The excerpt a life-cycle notification stores: the plan's title and the stage it moved to. */
export function transitionExcerpt(title: string, to: DocumentStatus): string {
  return `${title}${ARROW}${to}`
}

/**
 * The stage a life-cycle notification says its plan moved to (the event, stored with it), or
 * null when the excerpt is not one of a transition.
 */
export function transitionOf(excerpt: string): DocumentStatus | null {
  const at = excerpt.lastIndexOf(ARROW)
  if (at < 0) return null
  const to = excerpt.slice(at + ARROW.length)
  return DOCUMENT_STATUSES.find((status) => status === to) ?? null
}
