import * as Y from 'yjs'
import type {
  Contributor,
  ContributorsResponse,
  SchoolContribution,
} from '../../../../shared/history/versionApi.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import { attributeParts, countByAuthor } from './attribution.ts'
import { loadClientAuthors } from './clientAuthors.ts'
import { loadPeople, loadSchoolNames } from './people.ts'

function share(characters: number, total: number): number {
  return total === 0 ? 0 : characters / total
}

/**
 * Who wrote a plan's content in `state`: characters per person (known users only) and per
 * school (the school each client id wrote for), most first. The total counts every character
 * of content, also those whose writer is not known.
 */
export async function contributorsOf(
  db: AppKysely,
  store: DocumentStore,
  documentId: string,
  state: Uint8Array,
): Promise<ContributorsResponse> {
  const doc = new Y.Doc({ gc: true })
  Y.applyUpdate(doc, state)
  const clients = await loadClientAuthors(store, documentId)
  const counts = countByAuthor(attributeParts(doc, clients).values())
  doc.destroy()
  let total = 0
  const byUser = new Map<string, number>()
  const bySchool = new Map<string, number>()
  for (const [author, characters] of counts) {
    total += characters
    if (author.userId === '') continue
    byUser.set(author.userId, (byUser.get(author.userId) ?? 0) + characters)
    bySchool.set(author.schoolId, (bySchool.get(author.schoolId) ?? 0) + characters)
  }
  const people = await loadPeople(db, byUser.keys())
  const schoolNames = await loadSchoolNames(db, bySchool.keys())
  const contributors: Contributor[] = []
  for (const [userId, characters] of byUser) {
    const person = people.get(userId)
    if (person) contributors.push({ person, characters, share: share(characters, total) })
  }
  const schools: SchoolContribution[] = [...bySchool].map(([schoolId, characters]) => ({
    schoolId,
    schoolName: schoolNames.get(schoolId) ?? '',
    characters,
    share: share(characters, total),
  }))
  contributors.sort((a, b) => b.characters - a.characters)
  schools.sort((a, b) => b.characters - a.characters)
  return { totalCharacters: total, contributors, schools }
}
