import * as Y from 'yjs'
import type { DemoCaller } from './prepApi.ts'

/** A well-formed comment anchor in its wire form (base64 of two relative positions). */
export function wireAnchor(): { start: string; end: string } {
  const doc = new Y.Doc()
  const position = Y.encodeRelativePosition(
    Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('default'), 0),
  )
  doc.destroy()
  const base64 = Buffer.from(position).toString('base64')
  return { start: base64, end: base64 }
}

/** Writes a new comment thread on a plan as `username` through the API; returns its ids. */
export async function commentOnPlan(
  api: DemoCaller,
  username: string,
  planId: string,
  body: string,
): Promise<{ threadId: string; commentId: string }> {
  const created = await api.call(username, 'POST', `/api/documents/${planId}/comments/threads`, {
    anchor: wireAnchor(),
    quote: '',
    body,
    mentions: [],
  })
  if (created.status !== 201) throw new Error(`comment: HTTP ${created.status} ${created.text}`)
  return created.body as { threadId: string; commentId: string }
}
