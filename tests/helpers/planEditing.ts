import type { JSONContent } from '@tiptap/core'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { yDocToJSON } from '../../shared/editor/derive.ts'
import {
  PLAN_FRAGMENT,
  PROCESS_STEP_NODE,
  TEACHING_PROCESS_NODE,
} from '../../shared/editor/planSchema.ts'
import type { DemoCaller } from './prepApi.ts'
import { whenSynced } from './providers.ts'
import { createToken } from './signIn.ts'
import type { TestServer } from './testServer.ts'

/** A demo user editing a plan through the stock y-websocket provider. */
export interface PlanEditor {
  username: string
  doc: Y.Doc
  provider: WebsocketProvider
  destroy(): void
}

/** Connects a demo user to a plan (API token of their own) and waits for the first sync. */
export async function openPlanEditor(
  server: TestServer,
  api: DemoCaller,
  username: string,
  planId: string,
): Promise<PlanEditor> {
  const { secret } = await createToken(server, await api.session(username), `edit ${planId}`)
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.collabUrl, planId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
    params: { token: secret },
  })
  await whenSynced(provider)
  return {
    username,
    doc,
    provider,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Fresh plans in 研讨 and editors on them, for a test file; `destroyEditors` in `afterAll`. */
export function discussionPlans(server: () => TestServer, api: () => DemoCaller, prefix: string) {
  let counter = 0
  const editors: PlanEditor[] = []
  return {
    /** A fresh plan in 研讨 (the lead and the members edit it). */
    async planInDiscussion(): Promise<string> {
      counter += 1
      const { planId } = await api().taskWithPlan(`${prefix} ${counter}`)
      const status = await api().transition('demo-teacher-a', planId, 'discussion')
      if (status !== 200) throw new Error(`the plan did not go to discussion (${status})`)
      return planId
    },
    /** Opens a plan for a demo user; the editor is destroyed by `destroyEditors`. */
    async open(username: string, planId: string): Promise<PlanEditor> {
      const editor = await openPlanEditor(server(), api(), username, planId)
      editors.push(editor)
      return editor
    },
    destroyEditors(): void {
      for (const editor of editors.splice(0)) editor.destroy()
    },
  }
}

function childElement(parent: Y.XmlFragment | Y.XmlElement, nodeName: string, nth = 0) {
  const found = parent
    .toArray()
    .filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
    .filter((child) => child.nodeName === nodeName)[nth]
  if (!found) throw new Error(`no ${nodeName} (${nth}) here`)
  return found
}

/** The section element of a plan by node name (e.g. `materialAnalysis`). */
export function sectionElement(doc: Y.Doc, node: string): Y.XmlElement {
  return childElement(doc.getXmlFragment(PLAN_FRAGMENT), node)
}

/** The text of the first paragraph under an element (created when the paragraph has none). */
export function firstParagraphText(element: Y.XmlElement): Y.XmlText {
  const paragraph = childElement(element, 'paragraph')
  const text = paragraph.toArray().find((child) => child instanceof Y.XmlText)
  if (text instanceof Y.XmlText) return text
  const created = new Y.XmlText()
  paragraph.insert(0, [created])
  return created
}

/** The first paragraph's text of a section. */
export function sectionText(doc: Y.Doc, node: string): Y.XmlText {
  return firstParagraphText(sectionElement(doc, node))
}

/** One 教学过程 step's element (by position) and one of its columns' first paragraph. */
export function stepColumnText(doc: Y.Doc, step: number, column: string): Y.XmlText {
  const process = sectionElement(doc, TEACHING_PROCESS_NODE)
  return firstParagraphText(childElement(childElement(process, PROCESS_STEP_NODE, step), column))
}

/** The step element of 教学过程 at a position. */
export function stepElement(doc: Y.Doc, step: number): Y.XmlElement {
  return childElement(sectionElement(doc, TEACHING_PROCESS_NODE), PROCESS_STEP_NODE, step)
}

/** The plan JSON of the server's live document. */
export async function livePlan(server: TestServer, planId: string): Promise<JSONContent> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, await server.registry.encodeState(planId))
  try {
    return yDocToJSON(doc)
  } finally {
    doc.destroy()
  }
}

/** Adds a demo user to the demo group as a member (school 2 has no member in the seed). */
export async function addDemoMember(
  server: TestServer,
  api: DemoCaller,
  username: string,
): Promise<void> {
  await server.kdb
    .insertInto('groupMembers')
    .values({
      groupId: await api.demoGroupId(),
      userId: await api.userId(username),
      role: 'member',
      createdAt: Date.now(),
    })
    .execute()
}
