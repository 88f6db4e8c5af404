/** Rubrics (评课表): reading, creating, new versions, and the two seeded forms. */
import type {
  RubricDetail,
  RubricSummary,
  RubricVersionDetail,
  RubricVersionSummary,
} from '../../../shared/observations/observationApi.ts'
import { definitionProblems, type RubricDefinition } from '../../../shared/observations/rubric.ts'
import { SEEDED_RUBRICS } from '../../../shared/observations/seededRubrics.ts'
import { parseJson, toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { DomainError, notFound } from '../../domainError.ts'
import { newId } from '../identity/index.ts'
import { peopleByIds, personRef } from './people.ts'

/** A rubric version as stored, with its definition parsed. */
export interface LoadedRubricVersion {
  id: string
  rubricId: string
  number: number
  name: string
  definition: RubricDefinition
}

/** Refuses a definition that is not sound (422 `invalid_rubric`). */
function requireSound(definition: RubricDefinition): void {
  const problems = definitionProblems(definition)
  if (problems.length > 0) throw new DomainError('invalid_rubric', problems.join('; '))
}

/** Every rubric, by name. */
export async function listRubrics(db: AppKysely): Promise<RubricSummary[]> {
  const rows = await db
    .selectFrom('rubrics')
    .innerJoin('rubricVersions', 'rubricVersions.id', 'rubrics.currentVersionId')
    .select([
      'rubrics.id',
      'rubrics.name',
      'rubrics.description',
      'rubrics.mode',
      'rubrics.currentVersionId',
      'rubrics.updatedAt',
      'rubricVersions.number',
    ])
    .orderBy('rubrics.createdAt')
    .orderBy('rubrics.id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    mode: row.mode,
    currentVersionId: row.currentVersionId,
    currentVersion: row.number,
    updatedAt: row.updatedAt,
  }))
}

/** One rubric version with its definition; undefined when absent. */
export async function loadRubricVersion(
  db: AppKysely,
  versionId: string,
): Promise<LoadedRubricVersion | undefined> {
  const row = await db
    .selectFrom('rubricVersions')
    .select(['id', 'rubricId', 'number', 'name', 'definition'])
    .where('id', '=', versionId)
    .executeTakeFirst()
  return row && { ...row, definition: parseJson(row.definition) }
}

/** The current version of a rubric; undefined when the rubric is absent. */
export async function currentRubricVersion(
  db: AppKysely,
  rubricId: string,
): Promise<LoadedRubricVersion | undefined> {
  const rubric = await db
    .selectFrom('rubrics')
    .select('currentVersionId')
    .where('id', '=', rubricId)
    .executeTakeFirst()
  return rubric ? loadRubricVersion(db, rubric.currentVersionId) : undefined
}

async function versionSummaries(db: AppKysely, rubricId: string): Promise<RubricVersionSummary[]> {
  const rows = await db
    .selectFrom('rubricVersions')
    .leftJoin('observations', 'observations.rubricVersionId', 'rubricVersions.id')
    .select((eb) => [
      'rubricVersions.id',
      'rubricVersions.number',
      'rubricVersions.createdAt',
      'rubricVersions.createdBy',
      eb.fn.count<number>('observations.id').as('observationCount'),
    ])
    .where('rubricVersions.rubricId', '=', rubricId)
    .groupBy([
      'rubricVersions.id',
      'rubricVersions.number',
      'rubricVersions.createdAt',
      'rubricVersions.createdBy',
    ])
    .orderBy('rubricVersions.number', 'desc')
    .execute()
  const people = await peopleByIds(
    db,
    rows.flatMap((row) => (row.createdBy ? [row.createdBy] : [])),
  )
  return rows.map((row) => {
    const person = row.createdBy ? people.get(row.createdBy) : undefined
    return {
      id: row.id,
      number: row.number,
      createdAt: row.createdAt,
      createdBy: person ? personRef(person) : null,
      observationCount: Number(row.observationCount),
    }
  })
}

/** A rubric with its current definition and versions (404 when absent). */
export async function rubricDetail(
  db: AppKysely,
  rubricId: string,
  canManage: boolean,
): Promise<RubricDetail> {
  const summary = (await listRubrics(db)).find((rubric) => rubric.id === rubricId)
  const current = summary && (await loadRubricVersion(db, summary.currentVersionId))
  if (!summary || !current) throw notFound('Rubric')
  return {
    ...summary,
    definition: current.definition,
    versions: await versionSummaries(db, rubricId),
    canManage,
  }
}

/** One version of a rubric with its definition (404 when it is not that rubric's). */
export async function rubricVersionDetail(
  db: AppKysely,
  rubricId: string,
  versionId: string,
): Promise<RubricVersionDetail> {
  const version = await loadRubricVersion(db, versionId)
  if (!version || version.rubricId !== rubricId) throw notFound('Rubric version')
  const summary = (await versionSummaries(db, rubricId)).find((entry) => entry.id === versionId)
  if (!summary) throw notFound('Rubric version')
  return { ...summary, rubricId, name: version.name, definition: version.definition }
}

/** What a new rubric holds. */
export interface NewRubric {
  name: string
  description: string
  definition: RubricDefinition
  createdBy: string | null
  /** Creation time (default now); the list is in creation order. */
  at?: number
}

/** Creates a rubric and its version 1; returns the rubric id. */
export async function createRubric(db: AppKysely, input: NewRubric): Promise<string> {
  requireSound(input.definition)
  const now = input.at ?? Date.now()
  const rubricId = newId()
  const versionId = newId()
  await db
    .insertInto('rubrics')
    .values({
      id: rubricId,
      name: input.name,
      description: input.description,
      mode: input.definition.mode,
      currentVersionId: versionId,
      createdBy: input.createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  await db
    .insertInto('rubricVersions')
    .values({
      id: versionId,
      rubricId,
      number: 1,
      name: input.name,
      definition: toJsonText(input.definition),
      createdBy: input.createdBy,
      createdAt: now,
    })
    .execute()
  return rubricId
}

/**
 * Adds a version to a rubric and makes it current; earlier versions (and the observations using
 * them) stay as they are. 404 when the rubric is absent.
 */
export async function addRubricVersion(
  executor: SqlExecutor,
  rubricId: string,
  input: {
    name?: string | undefined
    description?: string | undefined
    definition: RubricDefinition
    createdBy: string
  },
): Promise<void> {
  requireSound(input.definition)
  await inTransaction(executor, async (ktx) => {
    const rubric = await ktx
      .selectFrom('rubrics')
      .select(['id', 'name', 'description'])
      .where('id', '=', rubricId)
      .executeTakeFirst()
    if (!rubric) throw notFound('Rubric')
    const latest = await ktx
      .selectFrom('rubricVersions')
      .select((eb) => eb.fn.max<number>('number').as('number'))
      .where('rubricId', '=', rubricId)
      .executeTakeFirst()
    const now = Date.now()
    const versionId = newId()
    const name = input.name ?? rubric.name
    await ktx
      .insertInto('rubricVersions')
      .values({
        id: versionId,
        rubricId,
        number: Number(latest?.number ?? 0) + 1,
        name,
        definition: toJsonText(input.definition),
        createdBy: input.createdBy,
        createdAt: now,
      })
      .execute()
    await ktx
      .updateTable('rubrics')
      .set({
        name,
        description: input.description ?? rubric.description,
        mode: input.definition.mode,
        currentVersionId: versionId,
        updatedAt: now,
      })
      .where('id', '=', rubricId)
      .execute()
  })
}

/**
 * Seeds the two real-world forms (weighted 课堂教学评价表 and the LICC frame) when the alliance
 * has no rubric yet: on the demo alliance and on a fresh database before its first set-up.
 */
export async function seedDefaultRubrics(executor: SqlExecutor): Promise<void> {
  await inTransaction(executor, async (ktx) => {
    const existing = await ktx.selectFrom('rubrics').select('id').limit(1).executeTakeFirst()
    if (existing) return
    const now = Date.now()
    for (const [index, form] of SEEDED_RUBRICS.entries()) {
      await createRubric(ktx, { ...form, createdBy: null, at: now + index })
    }
  })
}
