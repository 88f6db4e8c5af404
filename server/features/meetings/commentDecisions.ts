import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { AppDb } from '../../db/appDb.ts'
import { recordedDecisionLines } from '../comments/index.ts'

/**
 * The decisions (结论) of a plan's resolved comment threads as minutes lines, oldest first:
 * `决议：<decision>（关于“<quote>”）`, as the server recorded them when they were resolved.
 */
export function decisionsOf(
  db: AppDb,
  registry: DocumentRegistry,
  planId: string,
): Promise<string[]> {
  return recordedDecisionLines(db, registry, planId)
}
