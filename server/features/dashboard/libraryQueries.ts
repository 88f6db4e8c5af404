import { sql } from 'kysely'
import type {
  LibraryAnswer,
  LibraryDrillKind,
  LibraryEntryDrillRow,
} from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { allSchools, type DashboardScope, inList, median, schoolNamer } from './scope.ts'

const HOUR_MS = 3_600_000

/** Library entries in scope: subject, grade, publishing school, and the source plan's group. */
function scopedEntries(kdb: AppKysely, scope: DashboardScope) {
  let query = kdb.selectFrom('libraryEntries')
  if (scope.subject !== null) query = query.where('libraryEntries.subject', '=', scope.subject)
  if (scope.grade !== null) query = query.where('libraryEntries.grade', '=', scope.grade)
  if (scope.schoolId !== null) query = query.where('libraryEntries.schoolId', '=', scope.schoolId)
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
  return query
}

/** Submissions for publication of plans in scope (the plan's subject, grade, school, group). */
function scopedSubmissions(kdb: AppKysely, scope: DashboardScope) {
  let query = kdb
    .selectFrom('librarySubmissions')
    .innerJoin('documents', 'documents.id', 'librarySubmissions.documentId')
  if (scope.subject !== null) query = query.where('documents.subject', '=', scope.subject)
  if (scope.grade !== null) query = query.where('documents.grade', '=', scope.grade)
  if (scope.schoolId !== null)
    query = query.where('librarySubmissions.schoolId', '=', scope.schoolId)
  if (scope.groupIds !== null) query = query.where(inList('documents.groupId', scope.groupIds))
  return query
}

/** The library figures: published, adapted, rated, time in review. */
export async function libraryFigures(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<Omit<LibraryAnswer, 'ok'>> {
  const nameOf = schoolNamer(await allSchools(kdb))
  const bySchool = await scopedEntries(kdb, scope)
    .select((eb) => [
      'libraryEntries.schoolId',
      sql<number>`sum(case when ${sql.ref('libraryEntries.status')} = 'published' then 1 else 0 end)`.as(
        'published',
      ),
      eb.fn.countAll<number>().as('entries'),
    ])
    .groupBy('libraryEntries.schoolId')
    .orderBy('libraryEntries.schoolId')
    .execute()
  const adapted = await scopedEntries(kdb, scope)
    .innerJoin('documents as adapted', 'adapted.adaptedFromEntryId', 'libraryEntries.id')
    .where('adapted.deletedAt', 'is', null)
    .select((eb) => [
      sql<number>`count(distinct ${sql.ref('libraryEntries.id')})`.as('entries'),
      eb.fn.countAll<number>().as('adaptations'),
    ])
    .executeTakeFirst()
  const rated = await scopedEntries(kdb, scope)
    .innerJoin('libraryReviews', 'libraryReviews.entryId', 'libraryEntries.id')
    .select((eb) => [
      sql<number>`count(distinct ${sql.ref('libraryEntries.id')})`.as('entries'),
      eb.fn.countAll<number>().as('reviews'),
      eb.fn.sum<number>('libraryReviews.stars').as('stars'),
    ])
    .executeTakeFirst()
  const decided = await scopedSubmissions(kdb, scope)
    .where('librarySubmissions.status', 'in', ['approved', 'returned'])
    .where('librarySubmissions.reviewedAt', 'is not', null)
    .select(
      sql<number>`${sql.ref('librarySubmissions.reviewedAt')} - ${sql.ref('librarySubmissions.createdAt')}`.as(
        'ms',
      ),
    )
    .execute()
  const pending = await scopedSubmissions(kdb, scope)
    .where('librarySubmissions.status', '=', 'pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  const published = bySchool.reduce((sum, row) => sum + Number(row.published ?? 0), 0)
  const entries = bySchool.reduce((sum, row) => sum + Number(row.entries), 0)
  const reviews = Number(rated?.reviews ?? 0)
  const medianMs = median(decided.map((row) => Number(row.ms)))
  return {
    published,
    withdrawn: entries - published,
    adaptedEntries: Number(adapted?.entries ?? 0),
    adaptations: Number(adapted?.adaptations ?? 0),
    ratedEntries: Number(rated?.entries ?? 0),
    reviews,
    averageStars: reviews === 0 ? null : Math.round((Number(rated?.stars) / reviews) * 100) / 100,
    decidedSubmissions: decided.length,
    medianHoursInReview: medianMs === null ? null : Math.round((medianMs / HOUR_MS) * 10) / 10,
    pendingReviews: Number(pending?.n ?? 0),
    publishedBySchool: bySchool
      .filter((row) => Number(row.published ?? 0) > 0)
      .map((row) => ({
        schoolId: row.schoolId,
        schoolName: nameOf(row.schoolId),
        count: Number(row.published),
      })),
  }
}

/** The library entries behind a library figure, latest first. */
export async function libraryEntries(
  kdb: AppKysely,
  scope: DashboardScope,
  kind: LibraryDrillKind,
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: LibraryEntryDrillRow[] }> {
  const nameOf = schoolNamer(await allSchools(kdb))
  let query = scopedEntries(kdb, scope)
  if (kind === 'published' || kind === 'withdrawn')
    query = query.where('libraryEntries.status', '=', kind)
  if (kind === 'adapted')
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('documents as adapted')
          .whereRef('adapted.adaptedFromEntryId', '=', 'libraryEntries.id')
          .where('adapted.deletedAt', 'is', null)
          .select('adapted.id'),
      ),
    )
  if (kind === 'rated')
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('libraryReviews')
          .whereRef('libraryReviews.entryId', '=', 'libraryEntries.id')
          .select('libraryReviews.entryId'),
      ),
    )
  if (kind === 'reviewed')
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('librarySubmissions')
          .whereRef('librarySubmissions.entryId', '=', 'libraryEntries.id')
          .where('librarySubmissions.reviewedAt', 'is not', null)
          .select('librarySubmissions.id'),
      ),
    )
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await query
    .select((eb) => [
      'libraryEntries.id as entryId',
      'libraryEntries.title',
      'libraryEntries.schoolId',
      'libraryEntries.subject',
      'libraryEntries.grade',
      'libraryEntries.status',
      'libraryEntries.createdAt',
      eb
        .selectFrom('documents as adapted')
        .whereRef('adapted.adaptedFromEntryId', '=', 'libraryEntries.id')
        .where('adapted.deletedAt', 'is', null)
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .as('adaptations'),
      eb
        .selectFrom('libraryReviews')
        .whereRef('libraryReviews.entryId', '=', 'libraryEntries.id')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .as('reviews'),
      eb
        .selectFrom('libraryReviews')
        .whereRef('libraryReviews.entryId', '=', 'libraryEntries.id')
        .select((inner) => inner.fn.sum<number>('libraryReviews.stars').as('n'))
        .as('stars'),
      eb
        .selectFrom('librarySubmissions')
        .whereRef('librarySubmissions.entryId', '=', 'libraryEntries.id')
        .where('librarySubmissions.reviewedAt', 'is not', null)
        .select(
          sql<number>`max(${sql.ref('librarySubmissions.reviewedAt')} - ${sql.ref('librarySubmissions.createdAt')})`.as(
            'n',
          ),
        )
        .as('reviewMs'),
    ])
    .orderBy('libraryEntries.createdAt', 'desc')
    .orderBy('libraryEntries.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute()
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((row) => {
      const reviews = Number(row.reviews ?? 0)
      return {
        entryId: row.entryId,
        title: row.title,
        schoolId: row.schoolId,
        schoolName: nameOf(row.schoolId),
        subject: row.subject,
        grade: row.grade,
        status: row.status,
        adaptations: Number(row.adaptations ?? 0),
        reviews,
        averageStars: reviews === 0 ? null : Math.round((Number(row.stars) / reviews) * 100) / 100,
        hoursInReview:
          row.reviewMs === null ? null : Math.round((Number(row.reviewMs) / HOUR_MS) * 10) / 10,
        createdAt: Number(row.createdAt),
      }
    }),
  }
}
