import { and, desc, eq, like, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import * as Y from 'yjs'
import {
  createDocumentBody,
  listDocumentsQuery,
  updateDocumentBody,
} from '../../../shared/apiSchemas.ts'
import type { DocumentInfo } from '../../../shared/domain.ts'
import { permits } from '../../../shared/domain.ts'
import { jsonToYDoc } from '../../../shared/editor/derive.ts'
import { emptyPlanJSON } from '../../../shared/editor/planContent.ts'
import { recordAudit } from '../../audit.ts'
import type { AppDb } from '../../db/appDb.ts'
import { documents, planLifecycle } from '../../db/schema.ts'
import { conflict, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { requireDocumentQuota } from '../../http/quotas.ts'
import { canPublish } from '../library/index.ts'
import { needsLeadSignOff } from '../prep/transitions.ts'
import { createDocument } from './commands.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  accessibleDocumentColumns,
  canManageDocument,
  documentPermission,
  joinLifecycle,
  loadDocumentRow,
  loadSubject,
  visibleDocumentsCondition,
} from './documentAccess.ts'

function toInfo(row: AccessibleDocumentRow, subject: AccessSubject): DocumentInfo {
  const { deletedAt: _deleted, mainPreparerId: _preparer, commonPlanId: _common, ...fields } = row
  return { ...fields, permission: documentPermission(subject, row) }
}

/** Loads a document the subject may at least view: 404 if absent, 403 if not allowed. */
async function viewableDocument(
  db: AppDb,
  subject: AccessSubject,
  documentId: string,
): Promise<AccessibleDocumentRow> {
  const row = await loadDocumentRow(db, documentId)
  if (!row || row.deletedAt !== null) throw notFound('Document')
  if (documentPermission(subject, row) === 'none')
    throw forbidden('You do not have access to this document')
  return row
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}

/** Document metadata: listed, created, changed and deleted under the access rules. */
export const documentRoutes = new Hono<AppEnv>()
  .get('/documents', queryOf(listDocumentsQuery), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const query = c.req.valid('query')
    const filters: Array<SQL | undefined> = [visibleDocumentsCondition(subject)]
    if (query.kind) filters.push(eq(documents.kind, query.kind))
    if (query.status) filters.push(eq(documents.status, query.status))
    if (query.subject) filters.push(eq(documents.subject, query.subject))
    if (query.grade) filters.push(eq(documents.grade, query.grade))
    if (query.unit) filters.push(eq(documents.unit, query.unit))
    if (query.groupId) filters.push(eq(documents.groupId, query.groupId))
    if (query.schoolId) filters.push(eq(documents.schoolId, query.schoolId))
    if (query.mine === 'true') filters.push(eq(documents.ownerId, principal.user.id))
    if (query.q) filters.push(like(documents.title, `%${escapeLike(query.q)}%`))
    const rows = await db
      .select(accessibleDocumentColumns)
      .from(documents)
      .leftJoin(planLifecycle, joinLifecycle)
      .where(and(...filters))
      .orderBy(desc(documents.updatedAt))
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .all()
    const items = rows
      .map((row) => toInfo(row, subject))
      .filter((info) => info.permission !== 'none')
    return c.json({ ok: true as const, items })
  })
  .post('/documents', jsonBody(createDocumentBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const body = c.req.valid('json')
    await requireDocumentQuota(db, principal.user.id)
    const groupId = body.groupId ?? null
    if (groupId !== null) {
      const role = subject.memberships.get(groupId)
      if (role !== 'lead' && role !== 'member')
        throw forbidden('You are not an editing member of this group')
    }
    const now = Date.now()
    const id = await createDocument(db, {
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
      // The template is written by the server, once: two teachers opening a new plan at the same
      // moment must not both insert it.
      const template = jsonToYDoc(
        emptyPlanJSON({
          subject: body.subject,
          grade: body.grade,
          textbookEdition: body.textbookEdition,
          unit: body.unit,
          lessonTitle: body.title,
          mainPreparer: principal.user.displayName,
        }),
      )
      await c.var.services.store.compact(id, Y.encodeStateAsUpdate(template), 0)
      template.destroy()
    }
    return c.json({ ok: true as const, id }, 201)
  })
  .get('/documents/:id', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = await viewableDocument(db, subject, c.req.param('id'))
    return c.json({
      ok: true as const,
      document: toInfo(row, subject),
      canPublish: canPublish(subject, row),
    })
  })
  .patch('/documents/:id', jsonBody(updateDocumentBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = await viewableDocument(db, subject, c.req.param('id'))
    const changes = c.req.valid('json')
    if (!permits(documentPermission(subject, row), 'edit')) throw forbidden()
    if (changes.status !== undefined && (row.mainPreparerId ?? row.commonPlanId) !== null)
      throw conflict('This plan follows the preparation life cycle: use its transitions')
    if (
      changes.status !== undefined &&
      needsLeadSignOff(row, changes.status) &&
      !(row.groupId !== null && subject.memberships.get(row.groupId) === 'lead')
    ) {
      throw forbidden('Only the group lead signs a group plan off (定稿) or reopens it')
    }
    const changesAccess = changes.visibility !== undefined || changes.groupId !== undefined
    if (changesAccess) {
      if (!canManageDocument(subject, row))
        throw forbidden('Only the owner or the group lead may change who can see this document')
      if (changes.groupId) {
        const role = subject.memberships.get(changes.groupId)
        if (role !== 'lead' && role !== 'member')
          throw forbidden('You are not an editing member of that group')
      }
    }
    await db
      .update(documents)
      .set({ ...changes, updatedAt: Date.now() })
      .where(eq(documents.id, row.id))
      .run()
    if (changesAccess) {
      await recordAudit(db, {
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
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = await viewableDocument(db, subject, c.req.param('id'))
    if (!canManageDocument(subject, row)) throw forbidden()
    await db.update(documents).set({ deletedAt: Date.now() }).where(eq(documents.id, row.id)).run()
    await recordAudit(db, {
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
