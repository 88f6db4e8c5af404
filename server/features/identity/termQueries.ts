import type { AppKysely } from '../../db/kysely.ts'

/** A term present among the groups, with how many of its groups are active and archived. */
export interface TermInfo {
  term: string
  activeGroups: number
  archivedGroups: number
}

/** The terms of the groups (groups without a term left out), latest term first. */
export async function listTerms(db: AppKysely): Promise<TermInfo[]> {
  const rows = await db
    .selectFrom('groups')
    .select(['term', 'archivedAt'])
    .where('term', '!=', '')
    .execute()
  const byTerm = new Map<string, TermInfo>()
  for (const row of rows) {
    const info = byTerm.get(row.term) ?? { term: row.term, activeGroups: 0, archivedGroups: 0 }
    if (row.archivedAt === null) info.activeGroups += 1
    else info.archivedGroups += 1
    byTerm.set(row.term, info)
  }
  return [...byTerm.values()].sort((a, b) => (a.term < b.term ? 1 : a.term > b.term ? -1 : 0))
}

/** A group as the term rollover reads it. */
export interface TermGroup {
  id: string
  name: string
  subject: string
  grade: string
  term: string
  archivedAt: number | null
}

/** The active (not archived) groups of a term, by name. */
export async function activeGroupsOfTerm(db: AppKysely, term: string): Promise<TermGroup[]> {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'subject', 'grade', 'term', 'archivedAt'])
    .where('term', '=', term)
    .where('archivedAt', 'is', null)
    .orderBy('name', 'asc')
    .execute()
}

/** One group as the term rollover reads it; null if unknown. */
export async function findTermGroup(db: AppKysely, groupId: string): Promise<TermGroup | null> {
  const row = await db
    .selectFrom('groups')
    .select(['id', 'name', 'subject', 'grade', 'term', 'archivedAt'])
    .where('id', '=', groupId)
    .executeTakeFirst()
  return row ?? null
}
