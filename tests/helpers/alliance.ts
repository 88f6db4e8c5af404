import { toJsonText } from '../../server/db/database.ts'
import type { AppKysely } from '../../server/db/kysely.ts'
import { createApiToken, hashPassword, newId } from '../../server/features/identity/index.ts'
import type { GroupRole, UserRole, Visibility } from '../../shared/domain.ts'
import { emptyPlanJSON } from '../../shared/editor/planContent.ts'
import { signIn } from './signIn.ts'
import type { TestServer } from './testServer.ts'

/**
 * A small alliance for authorization tests, built directly in the database:
 *
 * - school A: `owner` (member of G, owns every fixture document), `teacherOwnSchool` (no group),
 *   `lead` (lead of G), `schoolAdmin`;
 * - school B: `groupMemberOtherSchool` (member of G), `observer` (observer of G);
 * - school C: `outsider` (no group), `allianceAdmin`;
 * - group G (the members above) and group H (no members);
 * - documents of `owner` (unless said otherwise): `docGroup` (in G, visibility group), `docPrivate` (in G, private),
 *   `docSchool` (no group, school), `docAlliance` (no group, alliance), `docDeleted` (in G,
 *   group, soft-deleted); `docOtherSchool` of `groupMemberOtherSchool` (school B, in G, group);
 *   plus `guessed`, an id that does not exist.
 *
 * Every account signs in with `ALLIANCE_PASSWORD` and holds one session cookie and one API token.
 */

/** The password of every alliance account. */
export const ALLIANCE_PASSWORD = 'correct horse battery staple'

/** The accounts of the alliance. */
export const ACCOUNT_NAMES = [
  'owner',
  'teacherOwnSchool',
  'groupMemberOtherSchool',
  'outsider',
  'observer',
  'lead',
  'schoolAdmin',
  'allianceAdmin',
] as const
/** One of the accounts of the alliance. */
export type AccountName = (typeof ACCOUNT_NAMES)[number]

/** The documents of the alliance (`guessed` does not exist). */
export const DOCUMENT_NAMES = [
  'docGroup',
  'docPrivate',
  'docSchool',
  'docAlliance',
  'docDeleted',
  'docOtherSchool',
  'guessed',
] as const
/** One of the documents of the alliance. */
export type DocumentName = (typeof DOCUMENT_NAMES)[number]

/** A signed-in account of the alliance. */
export interface Account {
  name: AccountName
  id: string
  username: string
  schoolId: string
  role: UserRole
  /** `Cookie` header value carrying the session (replaced by `signIn` after a sign-out). */
  cookie: string
  /** Secret of the account's API token. */
  token: string
  tokenId: string
}

/** Ids of everything in the alliance. */
export interface Alliance {
  schools: { A: string; B: string; C: string }
  groups: { G: string; H: string }
  accounts: Record<AccountName, Account>
  documents: Record<DocumentName, string>
  /** The argon2id hash of `ALLIANCE_PASSWORD`, for more accounts. */
  passwordHash: string
}

/** Inserts a library entry (version 1: an empty plan) published from a document; returns its id. */
export async function insertLibraryEntry(
  db: AppKysely,
  fields: {
    sourceDocumentId: string
    publisherId: string
    schoolId: string
    title: string
    status: 'published' | 'withdrawn'
  },
): Promise<string> {
  const id = newId()
  const now = Date.now()
  await db
    .insertInto('libraryEntries')
    .values({
      id,
      sourceDocumentId: fields.sourceDocumentId,
      publisherId: fields.publisherId,
      schoolId: fields.schoolId,
      title: fields.title,
      subject: '数学',
      grade: '七年级',
      textbookEdition: '',
      unit: '',
      lesson: fields.title,
      keywords: toJsonText([]),
      authors: toJsonText([{ name: 'owner', school: 'A' }]),
      licence: 'CC BY 4.0',
      status: fields.status,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  await db
    .insertInto('libraryVersions')
    .values({
      entryId: id,
      version: 1,
      state: Buffer.from([0, 0]),
      json: toJsonText(emptyPlanJSON({ lessonTitle: fields.title })),
      text: fields.title,
      publishedBy: fields.publisherId,
      publishedAt: now,
    })
    .execute()
  return id
}

/** Inserts a school; returns its id. */
export async function insertSchool(db: AppKysely, name: string): Promise<string> {
  const id = newId()
  await db.insertInto('schools').values({ id, name, createdAt: Date.now() }).execute()
  return id
}

/** Inserts an account; returns its id. */
export async function insertUser(
  db: AppKysely,
  fields: {
    username: string
    schoolId: string
    role: UserRole
    passwordHash: string
    displayName?: string
  },
): Promise<string> {
  const id = newId()
  const now = Date.now()
  await db
    .insertInto('users')
    .values({ id, displayName: fields.username, ...fields, createdAt: now, updatedAt: now })
    .execute()
  return id
}

/** Inserts a group; returns its id. */
export async function insertGroup(db: AppKysely, name: string): Promise<string> {
  const id = newId()
  await db
    .insertInto('groups')
    .values({ id, name, subject: '数学', grade: '七年级', createdAt: Date.now() })
    .execute()
  return id
}

/** Adds a member to a group. */
export async function addMember(
  db: AppKysely,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<void> {
  await db
    .insertInto('groupMembers')
    .values({ groupId, userId, role, createdAt: Date.now() })
    .execute()
}

/** Inserts a document; returns its id. */
export async function insertDocument(
  db: AppKysely,
  fields: {
    ownerId: string
    schoolId: string
    groupId: string | null
    visibility: Visibility
    title: string
    deleted?: boolean
  },
): Promise<string> {
  const id = newId()
  const now = Date.now()
  await db
    .insertInto('documents')
    .values({
      id,
      ownerId: fields.ownerId,
      schoolId: fields.schoolId,
      groupId: fields.groupId,
      kind: 'lesson_plan',
      title: fields.title,
      visibility: fields.visibility,
      createdAt: now,
      updatedAt: now,
      deletedAt: fields.deleted ? now : null,
    })
    .execute()
  return id
}

/** Soft-deletes a document directly in the database (cleans up after a test). */
export async function softDeleteDocument(db: AppKysely, documentId: string): Promise<void> {
  await db
    .updateTable('documents')
    .set({ deletedAt: Date.now() })
    .where('id', '=', documentId)
    .execute()
}

const ACCOUNT_PLACES: Record<AccountName, { school: 'A' | 'B' | 'C'; role: UserRole }> = {
  owner: { school: 'A', role: 'teacher' },
  teacherOwnSchool: { school: 'A', role: 'teacher' },
  groupMemberOtherSchool: { school: 'B', role: 'teacher' },
  outsider: { school: 'C', role: 'teacher' },
  observer: { school: 'B', role: 'teacher' },
  lead: { school: 'A', role: 'teacher' },
  schoolAdmin: { school: 'A', role: 'school_admin' },
  allianceAdmin: { school: 'C', role: 'alliance_admin' },
}

const MEMBERSHIPS_OF_G: ReadonlyArray<[AccountName, GroupRole]> = [
  ['owner', 'member'],
  ['lead', 'lead'],
  ['groupMemberOtherSchool', 'member'],
  ['observer', 'observer'],
]

/** Builds the alliance on a running test server and signs every account in. */
export async function buildAlliance(server: TestServer): Promise<Alliance> {
  const db = server.kdb
  const passwordHash = await hashPassword(ALLIANCE_PASSWORD)
  const suffix = newId().slice(0, 6)
  const schoolIds = {
    A: await insertSchool(db, `School A ${suffix}`),
    B: await insertSchool(db, `School B ${suffix}`),
    C: await insertSchool(db, `School C ${suffix}`),
  }
  const accounts = {} as Record<AccountName, Account>
  for (const name of ACCOUNT_NAMES) {
    const { school, role } = ACCOUNT_PLACES[name]
    const username = `${name.toLowerCase()}-${suffix.toLowerCase().replace(/[^a-z0-9]/g, 'x')}`
    const schoolId = schoolIds[school]
    const id = await insertUser(db, { username, schoolId, role, passwordHash })
    const token = await createApiToken(db, id, 'authorization tests')
    accounts[name] = {
      name,
      id,
      username,
      schoolId,
      role,
      cookie: (await signIn(server, username, ALLIANCE_PASSWORD)).cookie,
      token: token.token,
      tokenId: token.id,
    }
  }
  const groupIds = {
    G: await insertGroup(db, `G ${suffix}`),
    H: await insertGroup(db, `H ${suffix}`),
  }
  for (const [name, role] of MEMBERSHIPS_OF_G)
    await addMember(db, groupIds.G, accounts[name].id, role)

  const owned = (groupId: string | null, visibility: Visibility, title: string, deleted = false) =>
    insertDocument(db, {
      ownerId: accounts.owner.id,
      schoolId: schoolIds.A,
      groupId,
      visibility,
      title,
      deleted,
    })
  const documentIds: Record<DocumentName, string> = {
    docGroup: await owned(groupIds.G, 'group', 'docGroup'),
    docPrivate: await owned(groupIds.G, 'private', 'docPrivate'),
    docSchool: await owned(null, 'school', 'docSchool'),
    docAlliance: await owned(null, 'alliance', 'docAlliance'),
    docDeleted: await owned(groupIds.G, 'group', 'docDeleted', true),
    docOtherSchool: await insertDocument(db, {
      ownerId: accounts.groupMemberOtherSchool.id,
      schoolId: schoolIds.B,
      groupId: groupIds.G,
      visibility: 'group',
      title: 'docOtherSchool',
    }),
    guessed: newId(),
  }
  return {
    schools: schoolIds,
    groups: groupIds,
    accounts,
    documents: documentIds,
    passwordHash,
  }
}
