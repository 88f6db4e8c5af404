import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FRAGMENT, PLAN_HEADER_NODE } from '../../../shared/editor/planSchema.ts'
import type { FillParticipantsResult } from '../../../shared/history/versionApi.ts'
import {
  addDemoMember,
  openPlanEditor,
  type PlanEditor,
  sectionText,
} from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** The header attribute `name` as a replica sees it. */
function headerAttribute(doc: Y.Doc, name: string): unknown {
  const header = doc
    .getXmlFragment(PLAN_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === PLAN_HEADER_NODE)
  return header instanceof Y.XmlElement ? header.getAttribute(name) : undefined
}

describe('filling the plan header’s 参与教师 from the contributors', () => {
  let server: TestServer
  let api: DemoCaller
  const editors: PlanEditor[] = []

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    await addDemoMember(server, api, 'demo-teacher-d')
  })
  afterAll(async () => {
    for (const editor of editors) editor.destroy()
    await server?.close()
  })

  it('names who wrote the plan, most first, without the main preparer, live for every editor', async () => {
    const { planId } = await api.taskWithPlan('参与教师')
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    const open = async (username: string) => {
      const editor = await openPlanEditor(server, api, username, planId)
      editors.push(editor)
      return editor
    }
    const a = await open('demo-teacher-a')
    const b = await open('demo-teacher-b')
    const d = await open('demo-teacher-d')
    sectionText(a.doc, 'keyPoints').insert(0, '主备人写的重点')
    sectionText(d.doc, 'boardDesign').insert(0, '河西乡的老师写了很长的一段板书设计')
    sectionText(b.doc, 'homework').insert(0, '作业两题')
    const names = async (...usernames: string[]) => {
      const rows = await server.kdb
        .selectFrom('users')
        .select(['username', 'displayName'])
        .where('username', 'in', usernames)
        .execute()
      return usernames.map((name) => rows.find((row) => row.username === name)?.displayName)
    }
    const [nameA, nameB, nameD] = await names('demo-teacher-a', 'demo-teacher-b', 'demo-teacher-d')
    expect(headerAttribute(a.doc, 'mainPreparer')).toBe(nameA)

    const filled = await vi.waitFor(
      async () => {
        const reply = await api.call(
          'demo-teacher-b',
          'POST',
          `/api/documents/${planId}/contributors/header`,
        )
        expect(reply.status).toBe(200)
        const { participants } = reply.body as FillParticipantsResult
        expect(participants).toBe(`${nameD}、${nameB}`)
        return participants
      },
      { timeout: 10_000, interval: 200 },
    )
    // Every open editor has it at once; it is the caller's edit.
    await vi.waitFor(() => {
      for (const editor of [a, b, d])
        expect(headerAttribute(editor.doc, 'participants')).toBe(filled)
    })
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select(['action', 'targetId'])
      .where('action', '=', 'plan_participants_filled')
      .where('targetId', '=', planId)
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('is for the plan’s editors: an observer and a signed-out visitor are refused', async () => {
    const { planId } = await api.taskWithPlan('参与教师权限')
    const path = `/api/documents/${planId}/contributors/header`
    expect((await api.call('demo-observer', 'POST', path)).status).toBe(403)
    expect((await api.call(null, 'POST', path)).status).toBe(401)
  })
})
