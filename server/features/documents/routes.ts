import { Hono } from 'hono'
import type { DocumentInfo } from '../../../shared/domain.ts'
import { recordAudit } from '../../audit.ts'
import { forbidden } from '../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { requireDocumentQuota } from '../../http/quotas.ts'
import { canPublish } from '../library/index.ts'
import {
  createDocument,
  markDocumentDeleted,
  updateDocumentFields,
  writePlanTemplate,
} from './commands.ts'
import {
  type AccessSubject,
  canManageDocument,
  checkDocumentUpdate,
  documentPermission,
  requireEditingMember,
  requireViewable,
} from './policy.ts'
import {
  type AccessibleDocumentRow,
  listDocumentRows,
  loadDocumentRow,
  loadSubject,
} from './queries.ts'
import { createDocumentBody, listDocumentsQuery, updateDocumentBody } from './schema.ts'

function toInfo(row: AccessibleDocumentRow, subject: AccessSubject): DocumentInfo {
  const { deletedAt: _deleted, mainPreparerId: _preparer, commonPlanId: _common, ...fields } = row
  return { ...fields, permission: documentPermission(subject, row) }
}

/** Document metadata: listed, created, changed and deleted under the access rules. */
export const documentRoutes = new Hono<AppEnv>()
  .get('/documents', queryOf(listDocumentsQuery), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const rows = await listDocumentRows(kdb, subject, c.req.valid('query'))
    const items = rows
      .map((row) => toInfo(row, subject))
      .filter((info) => info.permission !== 'none')
    return c.json({ ok: true as const, items })
  })
  .post('/documents', jsonBody(createDocumentBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const body = c.req.valid('json')
    await requireDocumentQuota(kdb, principal.user.id, c.var.services.documentQuota)
    const groupId = body.groupId ?? null
    if (groupId !== null)
      requireEditingMember(subject, groupId, 'You are not an editing member of this group')
    const now = Date.now()
    const id = await createDocument(kdb, {
      at: now,
      ownerId: principal.user.id,
      schoolId: principal.user.schoolId,
      groupId,
      kind: body.kind,
      title: body.title,
      subject: body.subject,
      grade: body.grade,
      textbookEdition: body.textbookEdition,
      unit: body.unit,
      lesson: body.lesson,
      visibility: body.visibility ?? (groupId ? 'group' : 'private'),
    })
    if (body.kind === 'lesson_plan') {
      await writePlanTemplate(c.var.services.store, id, {
        subject: body.subject,
        grade: body.grade,
        textbookEdition: body.textbookEdition,
        unit: body.unit,
        lessonTitle: body.title,
        mainPreparer: principal.user.displayName,
      })
    }
    return c.json({ ok: true as const, id }, 201)
  })
  .get('/documents/:id', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    return c.json({
      ok: true as const,
      document: toInfo(row, subject),
      canPublish: canPublish(subject, row),
    })
  })
  .patch('/documents/:id', jsonBody(updateDocumentBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const changes = c.req.valid('json')
    const { changesAccess } = checkDocumentUpdate(subject, row, changes)
    await updateDocumentFields(kdb, row.id, changes)
    if (changesAccess) {
      await recordAudit(kdb, {
        actorId: principal.user.id,
        action: 'document_access_changed',
        targetType: 'document',
        targetId: row.id,
        schoolId: row.schoolId,
        ip: c.var.clientAddress,
        details: { from: { visibility: row.visibility, groupId: row.groupId }, to: changes },
      })
      await c.var.services.recheckDocument(row.id)
    }
    return c.json({ ok: true as const })
  })
  .delete('/documents/:id', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    if (!canManageDocument(subject, row)) throw forbidden()
    await markDocumentDeleted(kdb, row.id)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'document_deleted',
      targetType: 'document',
      targetId: row.id,
      schoolId: row.schoolId,
      ip: c.var.clientAddress,
      details: { title: row.title },
    })
    await c.var.services.recheckDocument(row.id)
    return c.json({ ok: true as const })
  })
