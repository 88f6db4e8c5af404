import * as Y from 'yjs'
import { RECORD_FRAGMENT } from '../../shared/meetings/recordSchema.ts'
import { openPlanEditor } from './planEditing.ts'
import type { DemoCaller } from './prepApi.ts'
import type { TestServer } from './testServer.ts'

/** A meeting started through the API: its id and the id of its record document. */
export interface StartedMeeting {
  sessionId: string
  minutesId: string
}

/** Starts a meeting on a plan as the demo lead (201 expected). */
export async function startMeeting(
  api: DemoCaller,
  planId: string,
  taskId?: string,
): Promise<StartedMeeting> {
  const started = await api.call('demo-lead', 'POST', '/api/sessions', {
    documentId: planId,
    ...(taskId ? { taskId } : {}),
  })
  if (started.status !== 201) throw new Error(`session: HTTP ${started.status} ${started.text}`)
  const body = started.body as { id: string; minutesDocumentId: string }
  return { sessionId: body.id, minutesId: body.minutesDocumentId }
}

/** Opens a vote as the lead, casts the given ballots and closes it. */
export async function runVote(
  api: DemoCaller,
  sessionId: string,
  proposal: string,
  ballots: Record<string, 'agree' | 'disagree' | 'abstain'>,
): Promise<void> {
  const opened = await api.call('demo-lead', 'POST', `/api/sessions/${sessionId}/votes`, {
    proposal,
  })
  if (opened.status !== 201) throw new Error(`vote: HTTP ${opened.status} ${opened.text}`)
  const voteId = (opened.body as { voteId: string }).voteId
  for (const [username, choice] of Object.entries(ballots)) {
    const cast = await api.call(
      username,
      'POST',
      `/api/sessions/${sessionId}/votes/${voteId}/ballot`,
      {
        choice,
      },
    )
    if (cast.status !== 200) throw new Error(`ballot: HTTP ${cast.status} ${cast.text}`)
  }
  const closed = await api.call(
    'demo-lead',
    'POST',
    `/api/sessions/${sessionId}/votes/${voteId}/close`,
  )
  if (closed.status !== 200) throw new Error(`close: HTTP ${closed.status} ${closed.text}`)
}

/** Ends a meeting as the lead (200 expected). */
export async function endMeeting(api: DemoCaller, sessionId: string): Promise<void> {
  const ended = await api.call('demo-lead', 'POST', `/api/sessions/${sessionId}/end`)
  if (ended.status !== 200) throw new Error(`end: HTTP ${ended.status} ${ended.text}`)
}

/** A participant types a paragraph at the end of the record, through the websocket. */
export async function writeRecordNote(
  server: TestServer,
  api: DemoCaller,
  username: string,
  minutesId: string,
  note: string,
): Promise<void> {
  const editor = await openPlanEditor(server, api, username, minutesId)
  try {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(note)])
    const fragment = editor.doc.getXmlFragment(RECORD_FRAGMENT)
    fragment.insert(fragment.length, [paragraph])
    const deadline = Date.now() + 10_000
    for (;;) {
      const state = await server.registry.encodeState(minutesId)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, state)
      const written = doc.getXmlFragment(RECORD_FRAGMENT).toString().includes(note)
      doc.destroy()
      if (written) break
      if (Date.now() > deadline) throw new Error('the note never reached the server')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    editor.destroy()
  }
}
