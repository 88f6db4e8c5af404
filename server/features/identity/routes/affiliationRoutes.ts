import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { inTransaction } from '../../../db/executor.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../../http/context.ts'
import {
  createAffiliation,
  deleteAffiliation,
  updateAffiliationDays,
} from '../affiliationCommands.ts'
import { today } from '../affiliationDay.ts'
import {
  affiliationListScope,
  assertMayManageAffiliation,
  assertValidAffiliation,
} from '../affiliationPolicy.ts'
import {
  type AffiliationInfo,
  affiliationRangesAt,
  findAffiliation,
  listAffiliations,
  schoolArchived,
} from '../affiliationQueries.ts'
import {
  affiliationQuery,
  createAffiliationBody,
  updateAffiliationBody,
} from '../affiliationSchema.ts'
import type { Principal } from '../principal.ts'
import { loadManagedUser } from '../queries.ts'

/** An affiliation the principal manages, or a 404 (unknown) / 403 (someone else's). */
async function managedAffiliation(
  db: AppKysely,
  principal: Principal,
  affiliationId: string,
): Promise<AffiliationInfo> {
  const affiliation = await findAffiliation(db, affiliationId, today())
  if (!affiliation) throw notFound('Affiliation')
  assertMayManageAffiliation(principal, affiliation)
  return affiliation
}

/** Exchange affiliations (交流轮岗): a teacher's second school for a span of days. */
export const affiliationRoutes = new Hono<AppEnv>()
  .get('/admin/affiliations', queryOf(affiliationQuery), async (c) => {
    const principal = requirePrincipal(c)
    const scopeSchoolId = affiliationListScope(principal).schoolId
    const query = c.req.valid('query')
    const status = query.status ?? (query.active === 'true' ? 'active' : undefined)
    const items = await listAffiliations(
      c.var.services.kdb,
      { scopeSchoolId, schoolId: query.schoolId, status },
      today(),
    )
    return c.json({ ok: true as const, items })
  })
  .post('/users/:id/affiliations', jsonBody(createAffiliationBody), async (c) => {
    const { kdb, executor } = c.var.services
    const principal = requirePrincipal(c)
    const userId = c.req.param('id')
    const body = c.req.valid('json')
    const teacher = await loadManagedUser(kdb, userId)
    if (!teacher) throw notFound('User')
    const schools = { homeSchoolId: teacher.schoolId, hostSchoolId: body.schoolId }
    assertMayManageAffiliation(principal, schools)
    const hostArchived = await schoolArchived(kdb, body.schoolId)
    if (hostArchived === null) throw notFound('School')
    const id = await inTransaction(executor, async (ktx) => {
      assertValidAffiliation({
        ...schools,
        ...body,
        teacherRole: teacher.role,
        hostArchived,
        others: await affiliationRangesAt(ktx, userId, body.schoolId, null),
      })
      const created = await createAffiliation(ktx, {
        userId,
        ...body,
        createdBy: principal.user.id,
      })
      await recordAudit(ktx, {
        actorId: principal.user.id,
        action: 'affiliation_created',
        targetType: 'user',
        targetId: userId,
        schoolId: teacher.schoolId,
        ip: c.var.clientAddress,
        details: { affiliationId: created, ...body },
      })
      return created
    })
    await c.var.services.recheckAccess([userId])
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/affiliations/:id', jsonBody(updateAffiliationBody), async (c) => {
    const { kdb, executor } = c.var.services
    const principal = requirePrincipal(c)
    const affiliation = await managedAffiliation(kdb, principal, c.req.param('id'))
    const body = c.req.valid('json')
    const days = {
      startsOn: body.startsOn ?? affiliation.startsOn,
      endsOn: body.endsOn ?? affiliation.endsOn,
    }
    const teacher = await loadManagedUser(kdb, affiliation.userId)
    if (!teacher) throw notFound('User')
    await inTransaction(executor, async (ktx) => {
      assertValidAffiliation({
        homeSchoolId: affiliation.homeSchoolId,
        hostSchoolId: affiliation.hostSchoolId,
        ...days,
        teacherRole: teacher.role,
        // An exchange already running may still be shortened or extended after its host is archived.
        hostArchived: false,
        others: await affiliationRangesAt(
          ktx,
          affiliation.userId,
          affiliation.hostSchoolId,
          affiliation.id,
        ),
      })
      await updateAffiliationDays(ktx, affiliation.id, days)
      await recordAudit(ktx, {
        actorId: principal.user.id,
        action: 'affiliation_updated',
        targetType: 'user',
        targetId: affiliation.userId,
        schoolId: affiliation.homeSchoolId,
        ip: c.var.clientAddress,
        details: {
          affiliationId: affiliation.id,
          from: { startsOn: affiliation.startsOn, endsOn: affiliation.endsOn },
          to: days,
        },
      })
    })
    await c.var.services.recheckAccess([affiliation.userId])
    return c.json({ ok: true as const })
  })
  .delete('/affiliations/:id', async (c) => {
    const { kdb, executor } = c.var.services
    const principal = requirePrincipal(c)
    const affiliation = await managedAffiliation(kdb, principal, c.req.param('id'))
    await inTransaction(executor, async (ktx) => {
      await deleteAffiliation(ktx, affiliation.id)
      await recordAudit(ktx, {
        actorId: principal.user.id,
        action: 'affiliation_deleted',
        targetType: 'user',
        targetId: affiliation.userId,
        schoolId: affiliation.homeSchoolId,
        ip: c.var.clientAddress,
        details: {
          affiliationId: affiliation.id,
          hostSchoolId: affiliation.hostSchoolId,
          startsOn: affiliation.startsOn,
          endsOn: affiliation.endsOn,
        },
      })
    })
    await c.var.services.recheckAccess([affiliation.userId])
    return c.json({ ok: true as const })
  })
