import * as Y from 'yjs'
import { commentsRoomOf } from '../../shared/comments/rooms.ts'
import { readDecisions } from '../../shared/comments/threads.ts'
import type { DocumentRegistry } from '../collab/DocumentRegistry.ts'

/**
 * The decisions (结论) of a plan's resolved comment threads as minutes lines, oldest first:
 * `决议：<decision>（关于“<quote>”）`. Read from the plan's companion comments document.
 */
export async function decisionsOf(registry: DocumentRegistry, planId: string): Promise<string[]> {
  const state = await registry.encodeState(commentsRoomOf(planId))
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    return readDecisions(doc).map((entry) => {
      const quote = entry.quote.trim()
      return quote ? `决议：${entry.decision}（关于“${quote}”）` : `决议：${entry.decision}`
    })
  } finally {
    doc.destroy()
  }
}
