import type { AdaptedPlanDrillRow, FlowsAnswer } from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { allSchools, type DashboardScope, inList, schoolNamer } from './scope.ts'

/**
 * Plans (not deleted) adapted from library entries in scope: the entry's subject and grade, its
 * source plan's group (term, group, a lead's groups), and the school as publisher or adopter.
 */
export function scopedAdaptations(kdb: AppKysely, scope: DashboardScope) {
  let query = kdb
    .selectFrom('documents as adapted')
    .innerJoin('libraryEntries', 'libraryEntries.id', 'adapted.adaptedFromEntryId')
    .where('adapted.deletedAt', 'is', null)
  if (scope.subject !== null) query = query.where('libraryEntries.subject', '=', scope.subject)
  if (scope.grade !== null) query = query.where('libraryEntries.grade', '=', scope.grade)
  if (scope.groupIds !== null) {
    const groupIds = scope.groupIds
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('documents as source')
          .whereRef('source.id', '=', 'libraryEntries.sourceDocumentId')
          .where(inList('source.groupId', groupIds))
          .select('source.id'),
      ),
    )
  }
  if (scope.schoolId !== null) {
    const school = scope.schoolId
    query = query.where((eb) =>
      eb.or([eb('libraryEntries.schoolId', '=', school), eb('adapted.schoolId', '=', school)]),
    )
  }
  return query
}

/** The resource-flow matrix: adaptations per (publishing school, adapting school). */
export async function flowFigures(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<Omit<FlowsAnswer, 'ok'>> {
  const schools = await allSchools(kdb)
  const cells = await scopedAdaptations(kdb, scope)
    .select((eb) => [
      'libraryEntries.schoolId as fromSchoolId',
      'adapted.schoolId as toSchoolId',
      eb.fn.countAll<number>().as('adaptations'),
    ])
    .groupBy(['libraryEntries.schoolId', 'adapted.schoolId'])
    .orderBy('libraryEntries.schoolId')
    .orderBy('adapted.schoolId')
    .execute()
  const flowCells = cells.map((cell) => ({ ...cell, adaptations: Number(cell.adaptations) }))
  return {
    schools,
    cells: flowCells,
    total: flowCells.reduce((sum, cell) => sum + cell.adaptations, 0),
  }
}

/** The adapted plans behind a cell (or a row or column) of the matrix, latest first. */
export async function adaptedPlans(
  kdb: AppKysely,
  scope: DashboardScope,
  filter: { from?: string | undefined; to?: string | undefined },
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: AdaptedPlanDrillRow[] }> {
  const nameOf = schoolNamer(await allSchools(kdb))
  let query = scopedAdaptations(kdb, scope)
  if (filter.from !== undefined) query = query.where('libraryEntries.schoolId', '=', filter.from)
  if (filter.to !== undefined) query = query.where('adapted.schoolId', '=', filter.to)
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await query
    .select([
      'adapted.id as documentId',
      'adapted.title',
      'adapted.schoolId as toSchoolId',
      'libraryEntries.id as entryId',
      'libraryEntries.title as entryTitle',
      'libraryEntries.schoolId as fromSchoolId',
      'adapted.createdAt',
    ])
    .orderBy('adapted.createdAt', 'desc')
    .orderBy('adapted.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute()
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((row) => ({
      ...row,
      toSchoolName: nameOf(row.toSchoolId),
      fromSchoolName: nameOf(row.fromSchoolId),
      createdAt: Number(row.createdAt),
    })),
  }
}
