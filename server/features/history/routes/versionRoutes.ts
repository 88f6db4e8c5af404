import { Hono } from 'hono'
import type {
  RestoreResult,
  VersionDetail,
  VersionListResponse,
  VersionSummary,
} from '../../../../shared/history/versionApi.ts'
import { recordAudit } from '../../../audit.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject } from '../../documents/index.ts'
import { restoreVersion } from '../restore/restoreVersion.ts'
import { createVersionBody, restoreBody, versionIdOf, versionName } from '../versions/schema.ts'
import {
  requireHistoryReader,
  requireRestorable,
  requireVersionEditor,
} from '../versions/versionPolicy.ts'
import {
  listVersionSummaries,
  loadVersionDetail,
  versionSummary,
} from '../versions/versionQueries.ts'

function requireVersionId(value: string): number {
  const id = versionIdOf(value)
  if (id === null) throw notFound('Version')
  return id
}

/**
 * A plan's versions (issue 20): the list, one version's content, 保存版本 (a named version of
 * now) and restore (of the whole plan, one part or one 教学过程 step).
 */
export const versionRoutes = new Hono<AppEnv>()
  .get('/documents/:id/versions', async (c) => {
    const { kdb, store } = c.var.services
    const subject = await loadSubject(kdb, requirePrincipal(c).user)
    const row = requireHistoryReader(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const body: VersionListResponse = {
      versions: await listVersionSummaries(kdb, store, row.id),
    }
    return c.json({ ok: true as const, ...body })
  })
  .get('/documents/:id/versions/:versionId', async (c) => {
    const { kdb, store } = c.var.services
    const subject = await loadSubject(kdb, requirePrincipal(c).user)
    const row = requireHistoryReader(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const versionId = requireVersionId(c.req.param('versionId'))
    const version: VersionDetail = await loadVersionDetail(kdb, store, row.id, versionId)
    return c.json({ ok: true as const, version })
  })
  .post('/documents/:id/versions', jsonBody(createVersionBody), async (c) => {
    const { kdb, versions } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireVersionEditor(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const name = versionName(c.req.valid('json').name)
    const saved = await versions.record(row.id, {
      kind: 'named',
      name,
      createdBy: principal.user.id,
    })
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'version_named',
      targetType: 'document',
      targetId: row.id,
      schoolId: row.schoolId,
      ip: c.var.clientAddress,
      details: { versionId: saved.id, name },
    })
    const version: VersionSummary = await versionSummary(kdb, saved)
    return c.json({ ok: true as const, version }, 201)
  })
  .post('/documents/:id/versions/:versionId/restore', jsonBody(restoreBody), async (c) => {
    const { kdb, store, registry, versions } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireRestorable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const versionId = requireVersionId(c.req.param('versionId'))
    const target = c.req.valid('json')
    const result: RestoreResult = await restoreVersion(
      { store, registry, versions },
      row.id,
      versionId,
      target,
      principal.user.id,
    )
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'version_restored',
      targetType: 'document',
      targetId: row.id,
      schoolId: row.schoolId,
      ip: c.var.clientAddress,
      details: {
        versionId,
        section: target.section ?? null,
        step: target.step ?? null,
        ...result,
      },
    })
    return c.json({ ok: true as const, ...result })
  })
