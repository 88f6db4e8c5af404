import { Hono } from 'hono'
import * as Y from 'yjs'
import type { FillParticipantsResult } from '../../../../shared/history/versionApi.ts'
import { recordAudit } from '../../../audit.ts'
import { DomainError } from '../../../domainError.ts'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject, requireViewable } from '../../documents/index.ts'
import { requireVersionEditor } from '../versions/versionPolicy.ts'
import { contributorsOf } from './contributors.ts'
import {
  headerMainPreparer,
  participantsLine,
  setHeaderParticipants,
} from './participantsHeader.ts'

/**
 * Who wrote the live plan, per person and per school (GET …/contributors), and filling the
 * plan header's 参与教师 from them (POST …/contributors/header, for its editors).
 */
export const contributorRoutes = new Hono<AppEnv>()
  .get('/documents/:id/contributors', async (c) => {
    const { kdb, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const state = await registry.encodeState(row.id)
    const contributors = await contributorsOf(kdb, store, row.id, state)
    return c.json({ ok: true as const, ...contributors })
  })
  .post('/documents/:id/contributors/header', async (c) => {
    const { kdb, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireVersionEditor(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const state = await registry.encodeState(row.id)
    const contributors = await contributorsOf(kdb, store, row.id, state)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    const participants = participantsLine(contributors, headerMainPreparer(doc))
    doc.destroy()
    let hasHeader = false
    await registry.changeAs(
      row.id,
      { userId: principal.user.id, schoolId: principal.user.schoolId },
      (live) => {
        hasHeader = setHeaderParticipants(live, participants)
      },
    )
    if (!hasHeader) throw new DomainError('no_plan_header', 'This document has no plan header')
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'plan_participants_filled',
      targetType: 'document',
      targetId: row.id,
      schoolId: row.schoolId,
      ip: c.var.clientAddress,
      details: { participants },
    })
    const body: FillParticipantsResult = { participants }
    return c.json({ ok: true as const, ...body })
  })
