import { setTimeout as sleep } from 'node:timers/promises'
import { HeadingLevel, Packer, Paragraph, Document as WordDocument } from 'docx'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket, { type RawData } from 'ws'
import * as Y from 'yjs'
import { createApiToken } from '../../server/features/identity/index.ts'
import { DEMO_PLANS, type DemoPlan } from '../../server/seed/demoPlans.ts'
import { buildPlanDoc } from '../../server/seed/planContent.ts'
import { commentsRoomOf } from '../../shared/comments/rooms.ts'
import {
  type CommentAnchor,
  type CommentThread,
  createThread,
  readThread,
  readThreads,
  resolve,
} from '../../shared/comments/threads.ts'
import {
  type GroupRole,
  type Permission,
  permits,
  type UserRole,
  type Visibility,
} from '../../shared/domain.ts'
import { jsonToYDoc } from '../../shared/editor/derive.ts'
import { emptyPlanJSON } from '../../shared/editor/planContent.ts'
import { WEIGHTED_RUBRIC } from '../../shared/observations/seededRubrics.ts'
import { SyncMessageType } from '../../shared/protocol.ts'
import { encodeSyncMessage, encodeSyncStep1 } from '../../shared/protocolMessages.ts'
import {
  type Account,
  type AccountName,
  ALLIANCE_PASSWORD,
  type Alliance,
  addMember,
  buildAlliance,
  type DocumentName,
  insertDocument,
  insertGroup,
  insertLibraryEntry,
  insertSchool,
  insertUser,
  softDeleteDocument,
} from '../helpers/alliance.ts'
import { isSyncStep2, permissionDeniedReason } from '../helpers/protocolDecode.ts'
import { signIn } from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

// ---------------------------------------------------------------------------------------------
// Principals and the expectations, written from the access rules (not from the code).

const PRINCIPALS = [
  'anonymous',
  'teacherOwnSchool',
  'groupMemberOtherSchool',
  'outsider',
  'observer',
  'lead',
  'schoolAdmin',
  'allianceAdmin',
] as const
type PrincipalName = (typeof PRINCIPALS)[number]
type SignedInName = Exclude<PrincipalName, 'anonymous'>
const SIGNED_IN = PRINCIPALS.filter((name): name is SignedInName => name !== 'anonymous')

/** What a cell observed: an HTTP status, or a short description of the outcome. */
type Outcome = number | string
type Expectations = Record<PrincipalName, Outcome>
/** How a signed-in principal presents itself: session cookie (+ Origin) or API token. */
type Via = 'cookie' | 'token'

interface Caller {
  name: PrincipalName
  via: Via
  /** Null for anonymous. */
  account: Account | null
}

interface Row {
  /** What the principal does, as the middle of a sentence. */
  op: string
  via?: Via
  run: (caller: Caller) => Promise<Outcome>
  expect: Expectations
}

/** Anonymous gets `anonymous` (401 unless said otherwise); every signed-in principal `value`. */
function signedIn(
  value: Outcome,
  overrides: Partial<Record<SignedInName, Outcome>> = {},
  anonymous: Outcome = 401,
): Expectations {
  const cells = { anonymous } as Expectations
  for (const name of SIGNED_IN) cells[name] = overrides[name] ?? value
  return cells
}

/** Expectations computed per signed-in principal; anonymous gets 401. */
function each(outcome: (name: SignedInName) => Outcome, anonymous: Outcome = 401): Expectations {
  const cells = { anonymous } as Expectations
  for (const name of SIGNED_IN) cells[name] = outcome(name)
  return cells
}

type FixtureDocument = Exclude<DocumentName, 'docDeleted' | 'guessed'>
const FIXTURE_DOCUMENTS: readonly FixtureDocument[] = [
  'docAlliance',
  'docGroup',
  'docOtherSchool',
  'docPrivate',
  'docSchool',
]

/**
 * The document permission of each principal, from the rules: owner edits; private → nobody
 * else; lead/member of the document's group edit, its observers view; alliance visibility →
 * everyone signed in views; school visibility → the owner's school views; the alliance admin
 * views every non-private document; a school admin views the non-private ones of their school.
 */
const PERMISSION: Record<FixtureDocument, Record<SignedInName, Permission>> = {
  docGroup: {
    teacherOwnSchool: 'none',
    groupMemberOtherSchool: 'edit',
    outsider: 'none',
    observer: 'view',
    lead: 'edit',
    schoolAdmin: 'view',
    allianceAdmin: 'view',
  },
  docPrivate: {
    teacherOwnSchool: 'none',
    groupMemberOtherSchool: 'none',
    outsider: 'none',
    observer: 'none',
    lead: 'none',
    schoolAdmin: 'none',
    allianceAdmin: 'none',
  },
  docSchool: {
    teacherOwnSchool: 'view',
    groupMemberOtherSchool: 'none',
    outsider: 'none',
    observer: 'none',
    lead: 'view',
    schoolAdmin: 'view',
    allianceAdmin: 'view',
  },
  // Owned by groupMemberOtherSchool (school B), in G: school A's admin has no reach there.
  docOtherSchool: {
    teacherOwnSchool: 'none',
    groupMemberOtherSchool: 'edit',
    outsider: 'none',
    observer: 'view',
    lead: 'edit',
    schoolAdmin: 'none',
    allianceAdmin: 'view',
  },
  docAlliance: {
    teacherOwnSchool: 'view',
    groupMemberOtherSchool: 'view',
    outsider: 'view',
    observer: 'view',
    lead: 'view',
    schoolAdmin: 'view',
    allianceAdmin: 'view',
  },
}

/** Users each principal may see: admins by reach, teachers their school plus group co-members. */
const USERS_SEEN: Record<SignedInName, readonly string[]> = {
  teacherOwnSchool: ['owner', 'teacherOwnSchool', 'lead', 'schoolAdmin'],
  groupMemberOtherSchool: ['groupMemberOtherSchool', 'observer', 'owner', 'lead'],
  outsider: ['outsider', 'allianceAdmin'],
  observer: ['groupMemberOtherSchool', 'observer', 'owner', 'lead'],
  lead: ['owner', 'teacherOwnSchool', 'lead', 'schoolAdmin', 'groupMemberOtherSchool', 'observer'],
  schoolAdmin: ['owner', 'teacherOwnSchool', 'lead', 'schoolAdmin'],
  allianceAdmin: [
    'owner',
    'teacherOwnSchool',
    'groupMemberOtherSchool',
    'outsider',
    'observer',
    'lead',
    'schoolAdmin',
    'allianceAdmin',
    'tester',
  ],
}

/** Groups each principal may see: all (alliance admin), with a member of one's school (school admin), one's own (teachers). */
const GROUPS_SEEN: Record<SignedInName, readonly ('G' | 'H')[]> = {
  teacherOwnSchool: [],
  groupMemberOtherSchool: ['G'],
  outsider: [],
  observer: ['G'],
  lead: ['G'],
  schoolAdmin: ['G'],
  allianceAdmin: ['G', 'H'],
}

/** Who manages a group: the alliance admin, and the lead of that group. */
const MANAGES: Record<'G' | 'H', readonly SignedInName[]> = {
  G: ['allianceAdmin', 'lead'],
  H: ['allianceAdmin'],
}

const UNKNOWN_TOKEN = `jb_${'0'.repeat(43)}`
const FOREIGN_ORIGIN = 'http://evil.example'
/** An Authorization header that looks like a bearer token to a prefix check but holds none. */
const MALFORMED_BEARER = { authorization: 'Bearer not a token' }

function listing(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : [...names].sort().join(', ')
}

/** 200 where the principal may see the group, 404 where not. */
function seesGroup(group: 'G' | 'H'): Expectations {
  return each((name) => (GROUPS_SEEN[name].includes(group) ? 200 : 404))
}

/** Managers 200, others who can see the group 403, who cannot 404. */
function managesGroup(group: 'G' | 'H'): Expectations {
  return each((name) =>
    MANAGES[group].includes(name) ? 200 : GROUPS_SEEN[name].includes(group) ? 403 : 404,
  )
}

/** Alliance admin manages every group's life (create, delete); visible-but-not-allowed 403. */
function deletesGroupLikeG(): Expectations {
  return each((name) =>
    name === 'allianceAdmin' ? 200 : GROUPS_SEEN[name].includes('G') ? 403 : 404,
  )
}

function readExpectation(doc: FixtureDocument): Expectations {
  return each((name) => {
    const permission = PERMISSION[doc][name]
    return permission === 'none' ? 403 : `200 ${permission}`
  })
}

function editExpectation(doc: FixtureDocument): Expectations {
  return each((name) => (PERMISSION[doc][name] === 'edit' ? 200 : 403))
}

function upgradeExpectation(doc: FixtureDocument): Expectations {
  return each((name) => (PERMISSION[doc][name] === 'none' ? 403 : 'open'))
}

function writeExpectation(doc: FixtureDocument): Expectations {
  return each((name) => {
    const permission = PERMISSION[doc][name]
    return permission === 'none' ? 403 : permission === 'edit' ? 'applied' : 'refused'
  })
}

function listExpectation(): Expectations {
  return each((name) =>
    listing(
      FIXTURE_DOCUMENTS.filter((doc) => PERMISSION[doc][name] !== 'none').map(
        (doc) => `${doc}:${PERMISSION[doc][name]}`,
      ),
    ),
  )
}

function userExpectation(target: string): Expectations {
  return each((name) => (USERS_SEEN[name].includes(target) ? 200 : 404))
}

// ---------------------------------------------------------------------------------------------
// The shared server and fixture.

let server: TestServer
let alliance: Alliance
/** Every fixture id → its name, to report ids readably (and unknown ones as leaks). */
const names = new Map<string, string>()
/** A token of the owner that nobody else may revoke. */
let victimTokenId: string
let serial = 0

beforeAll(async () => {
  server = await startTestServer()
  alliance = await buildAlliance(server)
  for (const [name, account] of Object.entries(alliance.accounts)) names.set(account.id, name)
  for (const [name, id] of Object.entries(alliance.documents)) names.set(id, name)
  for (const [name, id] of Object.entries(alliance.groups)) names.set(id, name)
  for (const [name, id] of Object.entries(alliance.schools)) names.set(id, name)
  names.set(server.tester.userId, 'tester')
  victimTokenId = (await createApiToken(server.kdb, alliance.accounts.owner.id, 'victim')).id
})

afterAll(async () => {
  await server?.close()
})

function unique(prefix: string): string {
  serial += 1
  return `${prefix}-${serial}`
}

function nameOf(id: unknown): string {
  return (typeof id === 'string' && names.get(id)) || `unknown(${String(id)})`
}

function callerFor(name: PrincipalName, via: Via): Caller {
  return { name, via, account: name === 'anonymous' ? null : alliance.accounts[name] }
}

// ---------------------------------------------------------------------------------------------
// HTTP.

interface Reply {
  status: number
  body: unknown
}

function credentials(caller: Caller, origin: string): Record<string, string> {
  if (caller.via === 'token') {
    return { authorization: `Bearer ${caller.account?.token ?? UNKNOWN_TOKEN}` }
  }
  return caller.account ? { cookie: caller.account.cookie, origin } : { origin }
}

/** Where a request comes from: its Origin, and headers added to the credentials. */
interface Provenance {
  origin?: string
  extraHeaders?: Record<string, string>
}

async function call(
  caller: Caller,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  provenance: Provenance = {},
): Promise<Reply> {
  const headers = {
    ...credentials(caller, provenance.origin ?? server.httpUrl),
    ...provenance.extraHeaders,
  }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${server.httpUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed }
}

/** A multipart POST carrying `file` (a small Word plan) and `fields`. */
async function postWordPlan(
  caller: Caller,
  path: string,
  fields: Record<string, string>,
): Promise<Reply> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await wordPlan())]), 'plan.docx')
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  const response = await fetch(`${server.httpUrl}${path}`, {
    method: 'POST',
    headers: credentials(caller, server.httpUrl),
    body: form,
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed }
}

let wordPlanBytes: Buffer | undefined

/** A small .docx plan (written with the docx package), made once. */
async function wordPlan(): Promise<Buffer> {
  if (!wordPlanBytes) {
    const document = new WordDocument({
      sections: [
        {
          children: [
            new Paragraph({ text: '教学目标', heading: HeadingLevel.HEADING_1 }),
            new Paragraph('导入的目标'),
          ],
        },
      ],
    })
    wordPlanBytes = await Packer.toBuffer(document)
  }
  return wordPlanBytes
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined
}

function itemsOf(body: unknown): Record<string, unknown>[] {
  const items = field(body, 'items')
  if (!Array.isArray(items)) throw new Error(`no items in ${JSON.stringify(body)}`)
  return items.filter(isRecord)
}

/** The status when the state changed exactly for a success; otherwise says what went wrong. */
function checked(status: number, changed: boolean): Outcome {
  const succeeded = status >= 200 && status < 300
  return succeeded === changed ? status : `${status}, but changed=${changed}`
}

function documentRow(id: string) {
  return server.kdb.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()
}

function userRow(id: string) {
  return server.kdb.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

function groupRow(id: string) {
  return server.kdb.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst()
}

function membership(groupId: string, userId: string) {
  return server.kdb
    .selectFrom('groupMembers')
    .selectAll()
    .where('groupId', '=', groupId)
    .where('userId', '=', userId)
    .executeTakeFirst()
}

/** A fresh document of the owner (school A) for one destructive cell; soft-deleted afterwards. */
async function withDocument(
  fields: { groupId: 'G' | null; visibility: Visibility },
  use: (documentId: string) => Promise<Outcome>,
): Promise<Outcome> {
  const id = await insertDocument(server.kdb, {
    ownerId: alliance.accounts.owner.id,
    schoolId: alliance.schools.A,
    groupId: fields.groupId === null ? null : alliance.groups.G,
    visibility: fields.visibility,
    title: unique('throwaway'),
  })
  try {
    return await use(id)
  } finally {
    await softDeleteDocument(server.kdb, id)
  }
}

/** A fresh account for one cell; deleted afterwards. */
async function withUser(
  fields: { school: 'A' | 'B' | 'C'; role: UserRole; inG?: GroupRole },
  use: (userId: string) => Promise<Outcome>,
): Promise<Outcome> {
  const id = await insertUser(server.kdb, {
    username: unique('throwaway-user'),
    schoolId: alliance.schools[fields.school],
    role: fields.role,
    passwordHash: alliance.passwordHash,
  })
  if (fields.inG) await addMember(server.kdb, alliance.groups.G, id, fields.inG)
  try {
    return await use(id)
  } finally {
    await server.kdb.deleteFrom('users').where('id', '=', id).execute()
  }
}

/** A fresh group with G's members, for one cell; deleted afterwards if still there. */
async function withGroupLikeG(use: (groupId: string) => Promise<Outcome>): Promise<Outcome> {
  const id = await insertGroup(server.kdb, unique('throwaway-group'))
  for (const member of await server.kdb
    .selectFrom('groupMembers')
    .selectAll()
    .where('groupId', '=', alliance.groups.G)
    .execute()) {
    await addMember(server.kdb, id, member.userId, member.role)
  }
  try {
    return await use(id)
  } finally {
    await server.kdb.deleteFrom('groups').where('id', '=', id).execute()
  }
}

// ---------------------------------------------------------------------------------------------
// Websockets.

interface OpenSocket {
  ws: WebSocket
  frames: Uint8Array[]
  closed: Promise<void>
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

/** Opens `/collab/<id>` as the caller; resolves with the socket, or the HTTP status of a refusal. */
function openCollab(
  caller: Caller,
  documentId: string,
  provenance: Provenance = {},
): Promise<OpenSocket | number> {
  const base = `${server.collabUrl}/${documentId}`
  const ws =
    caller.via === 'token'
      ? new WebSocket(`${base}?token=${encodeURIComponent(caller.account?.token ?? UNKNOWN_TOKEN)}`)
      : new WebSocket(base, {
          headers: {
            ...credentials(caller, provenance.origin ?? server.httpUrl),
            ...provenance.extraHeaders,
          },
        })
  const frames: Uint8Array[] = []
  ws.on('message', (data) => frames.push(toBytes(data)))
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
  return new Promise<OpenSocket | number>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`upgrade to ${base} was neither accepted nor refused in time`))
    }, 10_000)
    ws.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    ws.once('open', () => {
      clearTimeout(timer)
      resolve({ ws, frames, closed })
    })
    ws.once('unexpected-response', (_request, response) => {
      clearTimeout(timer)
      response.resume()
      resolve(response.statusCode ?? 0)
      ws.terminate()
    })
  })
}

async function closeSocket(socket: OpenSocket): Promise<void> {
  socket.ws.close()
  await Promise.race([socket.closed, sleep(2000)])
  socket.ws.terminate()
}

function containsClient(doc: Y.Doc, clientId: number): boolean {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).has(clientId)
}

async function storedContainsClient(documentId: string, clientId: number): Promise<boolean> {
  const stored = await server.store.load(documentId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  const found = containsClient(doc, clientId)
  doc.destroy()
  return found
}

/** Upgrade outcome: 'open', or the HTTP status of the refusal. */
async function upgradeOutcome(caller: Caller, documentId: string, provenance?: Provenance) {
  const socket = await openCollab(caller, documentId, provenance)
  if (typeof socket === 'number') return socket
  await closeSocket(socket)
  return 'open'
}

/**
 * Sends one sync update over the socket, then a sync step 1 as a barrier (the server handles a
 * connection's frames in order, so its step 2 reply comes after the update was handled and
 * persisted). 'applied' = in memory and stored, no denial; 'refused' = denial with a reason,
 * neither in memory nor stored.
 */
async function writeOutcome(
  caller: Caller,
  documentId: string,
  subType: number = SyncMessageType.Update,
): Promise<Outcome> {
  const socket = await openCollab(caller, documentId)
  if (typeof socket === 'number') return socket
  try {
    const probe = new Y.Doc()
    probe.getText('matrix').insert(0, `written by ${caller.name} via ${caller.via}`)
    socket.ws.send(encodeSyncMessage(subType, Y.encodeStateAsUpdate(probe)))
    socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await vi.waitFor(() => expect(socket.frames.some(isSyncStep2)).toBe(true), 10_000)
    const reasons = socket.frames.map(permissionDeniedReason).filter((r) => r !== null)
    const denied = reasons.length > 0 && reasons.every((reason) => reason.length > 0)
    const open = server.registry.get(documentId)
    const inMemory = open ? containsClient(open.ydoc, probe.clientID) : false
    const stored = await storedContainsClient(documentId, probe.clientID)
    if (denied && !inMemory && !stored) return 'refused'
    if (!denied && reasons.length === 0 && inMemory && stored) return 'applied'
    return `inconsistent (denials ${reasons.length}, in memory ${inMemory}, stored ${stored})`
  } finally {
    await closeSocket(socket)
  }
}

// ---------------------------------------------------------------------------------------------
// Runs, one per operation.

const doc = (name: DocumentName): string => alliance.documents[name]

const readDocument = (name: DocumentName) => async (caller: Caller) => {
  const reply = await call(caller, 'GET', `/api/documents/${doc(name)}`)
  if (reply.status !== 200) return reply.status
  return `200 ${String(field(field(reply.body, 'document'), 'permission'))}`
}

const listDocuments = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/documents?limit=200')
  if (reply.status !== 200) return reply.status
  return listing(itemsOf(reply.body).map((item) => `${nameOf(item.id)}:${String(item.permission)}`))
}

const renameDocument = (name: DocumentName) => async (caller: Caller) => {
  const title = unique('renamed')
  const reply = await call(caller, 'PATCH', `/api/documents/${doc(name)}`, { title })
  return checked(reply.status, (await documentRow(doc(name)))?.title === title)
}

const changeVisibility =
  (fields: { groupId: 'G' | null; visibility: Visibility }, to: Visibility) => (caller: Caller) =>
    withDocument(fields, async (id) => {
      const reply = await call(caller, 'PATCH', `/api/documents/${id}`, { visibility: to })
      return checked(reply.status, (await documentRow(id))?.visibility === to)
    })

const deleteDocument = (fields: { groupId: 'G' | null; visibility: Visibility }) => (c: Caller) =>
  withDocument(fields, async (id) => {
    const reply = await call(c, 'DELETE', `/api/documents/${id}`)
    return checked(reply.status, (await documentRow(id))?.deletedAt !== null)
  })

const createDocument = (inG: boolean) => async (caller: Caller) => {
  const title = unique('created')
  const reply = await call(caller, 'POST', '/api/documents', {
    title,
    ...(inG ? { groupId: alliance.groups.G } : {}),
  })
  const created = await server.kdb
    .selectFrom('documents')
    .selectAll()
    .where('title', '=', title)
    .execute()
  for (const row of created) await softDeleteDocument(server.kdb, row.id)
  const right = created.every(
    (row) => row.ownerId === caller.account?.id && row.groupId === (inG ? alliance.groups.G : null),
  )
  return right ? checked(reply.status, created.length === 1) : `${reply.status}, wrong document`
}

const importPlan = (inG: boolean) => async (caller: Caller) => {
  const before = await server.kdb.selectFrom('documents').select('id').execute()
  const reply = await postWordPlan(caller, '/api/documents/import', {
    confirm: 'true',
    ...(inG ? { groupId: alliance.groups.G } : {}),
  })
  const known = new Set(before.map((row) => row.id))
  const created = (await server.kdb.selectFrom('documents').selectAll().execute()).filter(
    (row) => !known.has(row.id),
  )
  for (const row of created) await softDeleteDocument(server.kdb, row.id)
  const right = created.every(
    (row) => row.ownerId === caller.account?.id && row.groupId === (inG ? alliance.groups.G : null),
  )
  return right ? checked(reply.status, created.length === 1) : `${reply.status}, wrong document`
}

const importIntoPlan = (caller: Caller) =>
  withDocument({ groupId: 'G', visibility: 'group' }, async (id) => {
    const template = Y.encodeStateAsUpdate(jsonToYDoc(emptyPlanJSON()))
    await server.registry.change(id, (live) => Y.applyUpdate(live, template))
    const reply = await postWordPlan(caller, `/api/documents/${id}/import`, { confirm: 'true' })
    const versions = await server.store.listVersions(id)
    return checked(
      reply.status,
      versions.some((version) => version.name === '导入前'),
    )
  })

const previewImport = (path: () => string) => async (caller: Caller) =>
  (await postWordPlan(caller, path(), {})).status

/** GETs an export; 'file' when a file came back, else the status. */
async function exportOutcome(caller: Caller, path: string): Promise<Outcome> {
  const response = await fetch(`${server.httpUrl}${path}`, {
    headers: credentials(caller, server.httpUrl),
  })
  const type = response.headers.get('content-type') ?? ''
  const body = Buffer.from(await response.arrayBuffer())
  if (response.status === 200) {
    const pdf = type === 'application/pdf' && body.subarray(0, 4).toString('latin1') === '%PDF'
    const docx =
      type.includes('wordprocessingml') && body.subarray(0, 2).toString('latin1') === 'PK'
    return pdf || docx ? 'file' : `200 ${type}`
  }
  // Without LibreOffice the PDF is refused after the permission check: the caller was let in.
  if (response.status === 503 && body.toString('utf8').includes('pdf_unavailable')) return 'file'
  return response.status
}

function exportExpectation(doc: FixtureDocument): Expectations {
  return each((name) => (PERMISSION[doc][name] === 'none' ? 403 : 'file'))
}

const exportPlan = (name: DocumentName, format: 'docx' | 'pdf') => (caller: Caller) =>
  exportOutcome(caller, `/api/documents/${doc(name)}/export.${format}`)

const exportVersion = (name: FixtureDocument, format: 'docx' | 'pdf') => async (caller: Caller) =>
  exportOutcome(
    caller,
    `/api/documents/${doc(name)}/versions/${await versionOf(doc(name))}/export.${format}`,
  )

/** An ended meeting (集体研讨) of G's lead on docGroup, made on first use. */
let endedMeetingOfG: string | undefined
async function endedMeeting(): Promise<string> {
  if (endedMeetingOfG) return endedMeetingOfG
  const lead = callerFor('lead', 'cookie')
  const started = await call(lead, 'POST', '/api/sessions', { documentId: doc('docGroup') })
  if (started.status !== 201) throw new Error(`meeting: HTTP ${started.status}`)
  const id = (started.body as { id: string }).id
  const ended = await call(lead, 'POST', `/api/sessions/${id}/end`)
  if (ended.status !== 200) throw new Error(`meeting end: HTTP ${ended.status}`)
  endedMeetingOfG = id
  return id
}

const exportMinutes = (format: 'docx' | 'pdf') => async (caller: Caller) =>
  exportOutcome(caller, `/api/sessions/${await endedMeeting()}/minutes.${format}`)

/** Library entries of the owner's school-visible plan (made on first use), by status. */
const libraryEntries = new Map<'published' | 'withdrawn', string>()
async function libraryEntry(status: 'published' | 'withdrawn'): Promise<string> {
  let id = libraryEntries.get(status)
  if (!id) {
    id = await insertLibraryEntry(server.kdb, {
      sourceDocumentId: doc('docSchool'),
      publisherId: alliance.accounts.owner.id,
      schoolId: alliance.schools.A,
      title: unique(`library-${status}`),
      status,
    })
    libraryEntries.set(status, id)
  }
  return id
}

const exportLibraryEntry =
  (status: 'published' | 'withdrawn', format: 'docx' | 'pdf') => async (caller: Caller) =>
    exportOutcome(caller, `/api/library/${await libraryEntry(status)}/export.${format}`)

const listUsers = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/users')
  if (reply.status !== 200) return reply.status
  return listing(itemsOf(reply.body).map((item) => nameOf(item.id)))
}

const readUser = (target: AccountName | 'guessed') => async (caller: Caller) => {
  const id = target === 'guessed' ? 'no-such-user' : alliance.accounts[target].id
  return (await call(caller, 'GET', `/api/users/${id}`)).status
}

const createUser = (school: 'A' | 'B', role: UserRole) => async (caller: Caller) => {
  const username = unique('matrix-user')
  const reply = await call(caller, 'POST', '/api/users', {
    username,
    displayName: username,
    password: ALLIANCE_PASSWORD,
    schoolId: alliance.schools[school],
    role,
  })
  const created = await server.kdb
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst()
  if (created) await server.kdb.deleteFrom('users').where('id', '=', created.id).execute()
  return checked(reply.status, created !== undefined)
}

const renameUser = (school: 'A' | 'B', role: UserRole) => (caller: Caller) =>
  withUser({ school, role }, async (id) => {
    const displayName = unique('renamed user')
    const reply = await call(caller, 'PATCH', `/api/users/${id}`, { displayName })
    return checked(reply.status, (await userRow(id))?.displayName === displayName)
  })

const unlockUser = (school: 'A' | 'B') => (caller: Caller) =>
  withUser({ school, role: 'teacher' }, async (id) => {
    const reply = await call(caller, 'POST', `/api/users/${id}/unlock`)
    return reply.status
  })

const promoteToAllianceAdmin = (caller: Caller) =>
  withUser({ school: 'A', role: 'teacher' }, async (id) => {
    const reply = await call(caller, 'PATCH', `/api/users/${id}`, { role: 'alliance_admin' })
    return checked(reply.status, (await userRow(id))?.role === 'alliance_admin')
  })

const renameSelfAsUser = async (caller: Caller) => {
  const id = caller.account?.id ?? alliance.accounts.owner.id
  const before = (await userRow(id))?.displayName ?? ''
  const displayName = unique('self-renamed')
  const reply = await call(caller, 'PATCH', `/api/users/${id}`, { displayName })
  const changed = (await userRow(id))?.displayName === displayName
  await server.kdb.updateTable('users').set({ displayName: before }).where('id', '=', id).execute()
  return checked(reply.status, changed)
}

const listGroups = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/groups')
  if (reply.status !== 200) return reply.status
  return listing(itemsOf(reply.body).map((item) => nameOf(item.id)))
}

const readGroup =
  (group: 'G' | 'H', suffix = '') =>
  async (caller: Caller) =>
    (await call(caller, 'GET', `/api/groups/${alliance.groups[group]}${suffix}`)).status

const createGroup = async (caller: Caller) => {
  const name = unique('created group')
  const reply = await call(caller, 'POST', '/api/groups', {
    name,
    subject: '语文',
    grade: '八年级',
  })
  const created = await server.kdb
    .selectFrom('groups')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst()
  if (created) await server.kdb.deleteFrom('groups').where('id', '=', created.id).execute()
  return checked(reply.status, created !== undefined)
}

const updateGroup = (group: 'G' | 'H') => async (caller: Caller) => {
  const grade = unique('grade')
  const reply = await call(caller, 'PATCH', `/api/groups/${alliance.groups[group]}`, { grade })
  return checked(reply.status, (await groupRow(alliance.groups[group]))?.grade === grade)
}

const putMember = (caller: Caller) =>
  withUser({ school: 'A', role: 'teacher' }, async (userId) => {
    const path = `/api/groups/${alliance.groups.G}/members/${userId}`
    const reply = await call(caller, 'PUT', path, { role: 'member' })
    return checked(reply.status, (await membership(alliance.groups.G, userId)) !== undefined)
  })

const removeMember = (caller: Caller) =>
  withUser({ school: 'B', role: 'teacher', inG: 'observer' }, async (userId) => {
    const path = `/api/groups/${alliance.groups.G}/members/${userId}`
    const reply = await call(caller, 'DELETE', path)
    return checked(reply.status, (await membership(alliance.groups.G, userId)) === undefined)
  })

const deleteGroup = (caller: Caller) =>
  withGroupLikeG(async (id) => {
    const reply = await call(caller, 'DELETE', `/api/groups/${id}`)
    return checked(reply.status, (await groupRow(id)) === undefined)
  })

const listSchools = async (caller: Caller) => (await call(caller, 'GET', '/api/schools')).status

const createSchool = async (caller: Caller) => {
  const name = unique('Created school')
  const reply = await call(caller, 'POST', '/api/schools', { name })
  const created = await server.kdb
    .selectFrom('schools')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst()
  if (created) await server.kdb.deleteFrom('schools').where('id', '=', created.id).execute()
  return checked(reply.status, created !== undefined)
}

const renameSchool = async (caller: Caller) => {
  const id = await insertSchool(server.kdb, unique('School to rename'))
  try {
    const name = unique('Renamed school')
    const reply = await call(caller, 'PATCH', `/api/schools/${id}`, { name })
    const row = await server.kdb
      .selectFrom('schools')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return checked(reply.status, row?.name === name)
  } finally {
    await server.kdb.deleteFrom('schools').where('id', '=', id).execute()
  }
}

/** Which schools the visible audit events belong to. */
const readAudit = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/audit?limit=500')
  if (reply.status !== 200) return reply.status
  const labels = new Set(
    itemsOf(reply.body).map((item) =>
      item.schoolId === null ? 'no school' : nameOf(item.schoolId),
    ),
  )
  if (labels.size === 1 && labels.has('A')) return '200 school A only'
  if (labels.has('A') && labels.has('B') && labels.has('C')) return '200 every school'
  return `200 ${listing([...labels])}`
}

const readMe = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/me')
  if (reply.status !== 200) return reply.status
  const self =
    field(field(reply.body, 'user'), 'id') === caller.account?.id &&
    field(reply.body, 'via') === (caller.via === 'cookie' ? 'session' : 'token')
  return self ? '200 self' : `200 someone else: ${JSON.stringify(reply.body)}`
}

const updateMe = async (caller: Caller) => {
  const id = caller.account?.id ?? alliance.accounts.owner.id
  const before = (await userRow(id))?.displayName ?? ''
  const displayName = unique('me')
  const reply = await call(caller, 'PATCH', '/api/me', { displayName })
  const changed = (await userRow(id))?.displayName === displayName
  await server.kdb.updateTable('users').set({ displayName: before }).where('id', '=', id).execute()
  return checked(reply.status, changed)
}

const changePasswordWrongly = async (caller: Caller) => {
  const id = caller.account?.id ?? alliance.accounts.owner.id
  const before = (await userRow(id))?.passwordHash
  const reply = await call(caller, 'POST', '/api/me/password', {
    currentPassword: 'not the password',
    newPassword: 'a brand new password',
  })
  return checked(reply.status, (await userRow(id))?.passwordHash !== before)
}

function tokenRow(id: string) {
  return server.kdb.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst()
}

const listTokens = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/tokens')
  if (reply.status !== 200) return reply.status
  const listed = itemsOf(reply.body).map((item) => item.id)
  const foreign: unknown[] = []
  for (const id of listed) {
    if (typeof id !== 'string' || (await tokenRow(id))?.userId !== caller.account?.id) {
      foreign.push(id)
    }
  }
  const ownTokenListed = listed.includes(caller.account?.tokenId)
  return foreign.length === 0 && ownTokenListed
    ? '200 own tokens only'
    : `200 with ${foreign.length} foreign tokens`
}

const createToken = async (caller: Caller) => {
  const name = unique('matrix token')
  const reply = await call(caller, 'POST', '/api/tokens', { name })
  const created = await server.kdb
    .selectFrom('apiTokens')
    .selectAll()
    .where('name', '=', name)
    .execute()
  const right = created.every((row) => row.userId === caller.account?.id)
  return right ? checked(reply.status, created.length === 1) : `${reply.status}, wrong owner`
}

const revokeOwnToken = async (caller: Caller) => {
  const holder = caller.account ?? alliance.accounts.owner
  const { id } = await createApiToken(server.kdb, holder.id, unique('to revoke'))
  const reply = await call(caller, 'DELETE', `/api/tokens/${id}`)
  return checked(reply.status, (await tokenRow(id))?.revokedAt !== null)
}

const revokeOwnersToken = async (caller: Caller) => {
  const reply = await call(caller, 'DELETE', `/api/tokens/${victimTokenId}`)
  const kept = (await tokenRow(victimTokenId))?.revokedAt === null
  return `${reply.status} ${kept ? 'kept' : 'revoked'}`
}

/** A refusal that did not act as the cookie's user: the cross-site guard's 403, or a 401. */
const REFUSED_CROSS_SITE = 'refused without acting on the cookie'

/**
 * A cross-site rename of docGroup riding on the cookie. It must change nothing and must not be
 * handled as the cookie's user: refused by the cross-site guard (403 cross_site_request) or as
 * unauthenticated (401). A 403 "forbidden" would mean the cookie was honoured and only the
 * permission check stopped it, so that is reported as such.
 */
const forgedRename = (provenance: Provenance) => async (caller: Caller) => {
  const title = unique('forged')
  const reply = await call(
    caller,
    'PATCH',
    `/api/documents/${doc('docGroup')}`,
    { title },
    provenance,
  )
  if ((await documentRow(doc('docGroup')))?.title === title)
    return `${reply.status}, and the title changed`
  const error = String(field(reply.body, 'error'))
  if (reply.status === 401 || (reply.status === 403 && error === 'cross_site_request')) {
    return REFUSED_CROSS_SITE
  }
  return `${reply.status} ${error}`
}

const health = async (caller: Caller) => (await call(caller, 'GET', '/api/health')).status

/** Signs out, checks the session is gone, and signs in again for the cells that follow. */
const signOut = async (caller: Caller) => {
  const countSessions = async () =>
    caller.account
      ? (
          await server.kdb
            .selectFrom('sessions')
            .selectAll()
            .where('userId', '=', caller.account.id)
            .execute()
        ).length
      : 0
  const before = await countSessions()
  const reply = await call(caller, 'POST', '/api/auth/logout')
  const ended = (await countSessions()) < before
  if (caller.account && ended) {
    caller.account.cookie = (
      await signIn(server, caller.account.username, ALLIANCE_PASSWORD)
    ).cookie
  }
  return checked(reply.status, ended)
}

// ---------------------------------------------------------------------------------------------
// Comments (the sidebar's endpoints; the comments websocket is read-only, see commentForgery).

/** Signed-in principals who may view the document 200 (people to mention), the others 403. */
function commentReadExpectation(doc: FixtureDocument): Expectations {
  return each((name) => (PERMISSION[doc][name] === 'none' ? 403 : 200))
}

/** Who may comment (and so resolve and reopen) gets `success`; who may not, 403. */
function commentExpectation(doc: FixtureDocument, success: number): Expectations {
  return each((name) => (permits(PERMISSION[doc][name], 'comment') ? success : 403))
}

/** A relative position at the start of a plan's fragment, as an anchor of both ends. */
function sampleAnchor(): CommentAnchor {
  const scratch = new Y.Doc()
  const position = Y.encodeRelativePosition(
    Y.createRelativePositionFromTypeIndex(scratch.getXmlFragment('default'), 0),
  )
  scratch.destroy()
  return { start: position, end: position }
}

/** The anchor as the endpoints take it (base64 of each position). */
function anchorJson(): { start: string; end: string } {
  const { start, end } = sampleAnchor()
  return { start: Buffer.from(start).toString('base64'), end: Buffer.from(end).toString('base64') }
}

/** A fresh thread on the document, written by the owner through the server (not the API). */
async function ownersThread(
  documentId: string,
  resolved = false,
): Promise<{ threadId: string; commentId: string }> {
  const owner = alliance.accounts.owner
  const author = { id: owner.id, name: owner.username, school: 'A' }
  let ids = { threadId: '', commentId: '' }
  await server.registry.change(commentsRoomOf(documentId), (comments) => {
    ids = createThread(comments, {
      anchor: sampleAnchor(),
      quote: 'q',
      author,
      body: unique('owner-says'),
    })
    if (resolved) resolve(comments, ids.threadId, { by: author })
  })
  return ids
}

/** The thread as the server holds it now (null when there is none). */
async function serverThread(documentId: string, threadId: string): Promise<CommentThread | null> {
  const comments = new Y.Doc()
  Y.applyUpdate(comments, await server.registry.encodeState(commentsRoomOf(documentId)))
  const thread = readThread(comments, threadId)
  comments.destroy()
  return thread
}

/** How many threads the server holds on the document. */
async function threadCount(documentId: string): Promise<number> {
  const comments = new Y.Doc()
  Y.applyUpdate(comments, await server.registry.encodeState(commentsRoomOf(documentId)))
  const count = comments.getMap('threads').size
  comments.destroy()
  return count
}

const mentionablePeople = (name: DocumentName) => async (caller: Caller) =>
  (await call(caller, 'GET', `/api/documents/${doc(name)}/comments/people`)).status

const contributorsOf = (name: DocumentName) => async (caller: Caller) =>
  (await call(caller, 'GET', `/api/documents/${doc(name)}/contributors`)).status

/** One saved version per document, made on first use (compare needs one). */
const versionIds = new Map<string, number>()
async function versionOf(documentId: string): Promise<number> {
  let id = versionIds.get(documentId)
  if (id === undefined) {
    const state = await server.registry.encodeState(documentId)
    id = (await server.store.saveVersion(documentId, 'matrix', 'named', state)).id
    versionIds.set(documentId, id)
  }
  return id
}

const compareWithLive = (name: DocumentName) => async (caller: Caller) => {
  const documentId = doc(name)
  const from = name === 'guessed' ? 1 : await versionOf(documentId)
  return (await call(caller, 'GET', `/api/documents/${documentId}/compare?from=${from}&to=live`))
    .status
}

const startThread = (name: DocumentName) => async (caller: Caller) => {
  const documentId = doc(name)
  const before = name === 'guessed' ? 0 : await threadCount(documentId)
  const reply = await call(caller, 'POST', `/api/documents/${documentId}/comments/threads`, {
    anchor: anchorJson(),
    quote: '有理数',
    body: unique('a question'),
    mentions: [],
  })
  const after = name === 'guessed' ? 0 : await threadCount(documentId)
  return checked(reply.status, after > before)
}

const replyToThread = (name: FixtureDocument) => async (caller: Caller) => {
  const documentId = doc(name)
  const { threadId } = await ownersThread(documentId)
  const reply = await call(
    caller,
    'POST',
    `/api/documents/${documentId}/comments/threads/${threadId}/replies`,
    { body: unique('a reply'), mentions: [] },
  )
  const thread = await serverThread(documentId, threadId)
  return checked(reply.status, (thread?.comments.length ?? 0) > 1)
}

const editOwnersComment = (name: FixtureDocument) => async (caller: Caller) => {
  const documentId = doc(name)
  const { threadId, commentId } = await ownersThread(documentId)
  const reply = await call(
    caller,
    'PATCH',
    `/api/documents/${documentId}/comments/threads/${threadId}/comments/${commentId}`,
    { body: unique('rewritten'), mentions: [] },
  )
  const thread = await serverThread(documentId, threadId)
  return checked(reply.status, thread?.comments[0]?.editedAt !== null)
}

const deleteOwnersComment = (name: FixtureDocument) => async (caller: Caller) => {
  const documentId = doc(name)
  const { threadId, commentId } = await ownersThread(documentId)
  const reply = await call(
    caller,
    'DELETE',
    `/api/documents/${documentId}/comments/threads/${threadId}/comments/${commentId}`,
  )
  const thread = await serverThread(documentId, threadId)
  return checked(reply.status, thread?.comments.length !== 1)
}

const resolveThread = (name: FixtureDocument) => async (caller: Caller) => {
  const documentId = doc(name)
  const { threadId } = await ownersThread(documentId)
  const reply = await call(
    caller,
    'POST',
    `/api/documents/${documentId}/comments/threads/${threadId}/resolve`,
    { decision: unique('agreed') },
  )
  return checked(reply.status, (await serverThread(documentId, threadId))?.resolved === true)
}

const reopenThread = (name: FixtureDocument) => async (caller: Caller) => {
  const documentId = doc(name)
  const { threadId } = await ownersThread(documentId, true)
  const reply = await call(
    caller,
    'POST',
    `/api/documents/${documentId}/comments/threads/${threadId}/reopen`,
  )
  return checked(reply.status, (await serverThread(documentId, threadId))?.resolved === false)
}

// ---- Cells of alliance administration (issue 19): set-up and one-time links ----

/** POST /api/setup with a junk token: refused, and no account appears. */
const setUpWithJunkToken = async (caller: Caller) => {
  const username = unique('setup')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
  const reply = await call(caller, 'POST', '/api/setup', {
    token: 'not-a-real-link-secret',
    allianceName: '另一个联盟',
    schoolName: unique('setup school'),
    username,
    displayName: '冒充者',
    password: 'a-long-password',
  })
  const created = await server.kdb
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst()
  return created ? `${reply.status} created` : reply.status
}

/** POST /api/auth/link with a junk token: refused, and no session cookie. */
const redeemJunkLink = async (caller: Caller) => {
  const reply = await call(caller, 'POST', '/api/auth/link', {
    token: 'not-a-real-link-secret',
    password: 'a-long-password',
  })
  return reply.status
}

const inspectJunkLink = async (caller: Caller) =>
  (await call(caller, 'POST', '/api/auth/link/inspect', { token: 'not-a-real-link-secret' })).status

const readSetupNeeded = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/setup')
  return reply.status === 200 ? `200 needed ${String(field(reply.body, 'needed'))}` : reply.status
}

const readAlliance = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/alliance')
  return reply.status === 200 && isRecord(reply.body) && 'alliance' in reply.body
    ? '200 alliance'
    : reply.status
}

// ---- Cells of alliance administration (issue 19): users and schools ----

/** The admin account list: its status, and whether what it shows keeps to the caller's scope. */
const listAdminUsers = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/admin/users?limit=200')
  if (reply.status !== 200) return reply.status
  const items = itemsOf(reply.body)
  const total = field(reply.body, 'total')
  if (caller.account?.role === 'alliance_admin') {
    const all = await server.kdb.selectFrom('users').select('id').execute()
    return total === all.length ? 200 : `200, but total=${String(total)} of ${all.length}`
  }
  const inScope = items.every(
    (item) => item.schoolId === caller.account?.schoolId && item.role !== 'alliance_admin',
  )
  return inScope && items.length > 0 ? 200 : '200, but out of scope'
}

const listAdminSchools = async (caller: Caller) =>
  (await call(caller, 'GET', '/api/admin/schools')).status

/** Creates a teacher without a password: the answer must carry a one-time link. */
const createUserWithLink = async (caller: Caller) => {
  const username = unique('matrix-linked')
  const reply = await call(caller, 'POST', '/api/users', {
    username,
    displayName: username,
    schoolId: alliance.schools.A,
  })
  const created = await server.kdb
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst()
  if (created) await server.kdb.deleteFrom('users').where('id', '=', created.id).execute()
  if (reply.status === 201 && !isRecord(field(reply.body, 'link'))) return '201, but no link'
  return checked(reply.status, created !== undefined)
}

const moveUserToB = (caller: Caller) =>
  withUser({ school: 'A', role: 'teacher' }, async (id) => {
    const reply = await call(caller, 'PATCH', `/api/users/${id}`, { schoolId: alliance.schools.B })
    return checked(reply.status, (await userRow(id))?.schoolId === alliance.schools.B)
  })

const issueSignInLink = (role: UserRole) => (caller: Caller) =>
  withUser({ school: 'A', role }, async (id) => {
    const reply = await call(caller, 'POST', `/api/users/${id}/sign-in-link`)
    return checked(reply.status, (await userRow(id))?.passwordHash !== alliance.passwordHash)
  })

const archiveSchool = async (caller: Caller) => {
  const id = await insertSchool(server.kdb, unique('School to archive'))
  try {
    const reply = await call(caller, 'PATCH', `/api/schools/${id}`, { archived: true })
    const row = await server.kdb
      .selectFrom('schools')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return checked(reply.status, row?.archivedAt !== null)
  } finally {
    await server.kdb.deleteFrom('auditLog').where('targetId', '=', id).execute()
    await server.kdb.deleteFrom('schools').where('id', '=', id).execute()
  }
}

// ---- Cells of alliance administration (issue 19): groups and the audit log ----

/** GET /api/groups/:id/candidates of G: the member picker, for whoever manages G. */
const groupCandidates = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/groups/${alliance.groups.G}/candidates?q=a`)).status

/** Archives a fresh group with G's members (PATCH {archived: true}); checks it took effect. */
const archiveGroup = (caller: Caller) =>
  withGroupLikeG(async (id) => {
    const reply = await call(caller, 'PATCH', `/api/groups/${id}`, { archived: true })
    return checked(reply.status, ((await groupRow(id))?.archivedAt ?? null) !== null)
  })

/** GET /api/audit/export: the status and whether the CSV (its header row) came back. */
const exportAudit = async (caller: Caller) => {
  const reply = await call(caller, 'GET', '/api/audit/export')
  if (reply.status !== 200) return reply.status
  // (fetch's text() drops the byte-order mark; the export's own test checks it)
  const csv = typeof reply.body === 'string' ? reply.body.replace(/^\uFEFF/, '') : ''
  return csv.startsWith('时间 Time') ? '200 csv' : '200 ?'
}

/** GET /api/audit/actions: the status. */
const auditActions = async (caller: Caller) =>
  (await call(caller, 'GET', '/api/audit/actions')).status

// ---- Cells of alliance administration (issue 19): teacher import ----

/** Posts a small csv roster (`file` field) to a teacher-import route with the caller's credentials. */
async function postRosterCsv(caller: Caller, path: string, csv: string): Promise<Reply> {
  const form = new FormData()
  form.append('file', new Blob([csv]), 'roster.csv')
  const response = await fetch(`${server.httpUrl}${path}`, {
    method: 'POST',
    headers: credentials(caller, server.httpUrl),
    body: form,
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed }
}

/** A one-row roster of school A whose username no other cell uses. */
async function oneTeacherCsv(username: string): Promise<string> {
  const school = await server.kdb
    .selectFrom('schools')
    .select('name')
    .where('id', '=', alliance.schools.A)
    .executeTakeFirstOrThrow()
  return `name,school,username\n导入教师,${school.name},${username}\n`
}

const downloadImportTemplate = async (caller: Caller) =>
  (await call(caller, 'GET', '/api/admin/teacher-import/template.xlsx')).status

const previewTeacherImport = async (caller: Caller) => {
  const username = unique('preview-only')
  const reply = await postRosterCsv(
    caller,
    '/api/admin/teacher-import/preview',
    await oneTeacherCsv(username),
  )
  const written = await server.kdb
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst()
  return written ? `${reply.status}, but an account was written` : reply.status
}

const importOneTeacher = async (caller: Caller) => {
  const username = unique('imported')
  const reply = await postRosterCsv(
    caller,
    '/api/admin/teacher-import',
    await oneTeacherCsv(username),
  )
  const created = await server.kdb
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst()
  return checked(reply.status, created !== undefined)
}

// ---- Cells of alliance administration (issue 19): exchange teachers and terms ----

/** The affiliations of a user, as stored. */
function affiliationsOf(userId: string) {
  return server.kdb
    .selectFrom('schoolAffiliations')
    .selectAll()
    .where('userId', '=', userId)
    .execute()
}

/** Sends a fresh teacher of `home` on an exchange to `host` (POST /api/users/:id/affiliations). */
const postAffiliation =
  (home: 'A' | 'B' | 'C', host: 'A' | 'B' | 'C') =>
  (caller: Caller): Promise<Outcome> =>
    withUser({ school: home, role: 'teacher' }, async (userId) => {
      const reply = await call(caller, 'POST', `/api/users/${userId}/affiliations`, {
        schoolId: alliance.schools[host],
        startsOn: '2031-09-01',
        endsOn: '2032-07-15',
      })
      return checked(reply.status, (await affiliationsOf(userId)).length === 1)
    })

/** Ends early (PATCH) or deletes an exchange of a fresh teacher of `home` hosted by `host`. */
const changeAffiliation =
  (home: 'A' | 'B' | 'C', host: 'A' | 'B' | 'C', method: 'PATCH' | 'DELETE') =>
  (caller: Caller): Promise<Outcome> =>
    withUser({ school: home, role: 'teacher' }, async (userId) => {
      const id = unique('affiliation')
      await server.kdb
        .insertInto('schoolAffiliations')
        .values({
          id,
          userId,
          schoolId: alliance.schools[host],
          startsOn: '2031-09-01',
          endsOn: '2032-07-15',
          createdBy: null,
          createdAt: Date.now(),
        })
        .execute()
      const reply = await call(
        caller,
        method,
        `/api/affiliations/${id}`,
        method === 'PATCH' ? { endsOn: '2031-12-31' } : undefined,
      )
      const [row] = await affiliationsOf(userId)
      return checked(reply.status, method === 'PATCH' ? row?.endsOn === '2031-12-31' : !row)
    })

/** Rolls over a term that no group uses (changes nothing shared); checks the audit entry. */
async function rolloverUnusedTerm(caller: Caller): Promise<Outcome> {
  const fromTerm = unique('term')
  const reply = await call(caller, 'POST', '/api/admin/terms/rollover', {
    fromTerm,
    toTerm: `${fromTerm}-next`,
  })
  const audited = await server.kdb
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', 'term_rolled_over')
    .where('targetId', '=', `${fromTerm}-next`)
    .executeTakeFirst()
  return checked(reply.status, audited !== undefined)
}

/** Rolls over a term whose one group is created for this cell; checks it got archived. */
async function rolloverOwnGroup(caller: Caller): Promise<Outcome> {
  const fromTerm = unique('term')
  const groupId = await insertGroup(server.kdb, unique('term-group'))
  await server.kdb.updateTable('groups').set({ term: fromTerm }).where('id', '=', groupId).execute()
  const reply = await call(caller, 'POST', '/api/admin/terms/rollover', {
    fromTerm,
    toTerm: `${fromTerm}-next`,
    groupIds: [groupId],
  })
  return checked(reply.status, (await groupRow(groupId))?.archivedAt !== null)
}

// ---- Cells of alliance administration (issue 19): my account and task edits ----

/** A fresh task of G (main preparer: owner) for one cell; deleted afterwards. */
async function withTaskOfG(use: (taskId: string) => Promise<Outcome>): Promise<Outcome> {
  const id = unique('matrix-task')
  const now = Date.now()
  await server.kdb
    .insertInto('prepTasks')
    .values({
      id,
      groupId: alliance.groups.G,
      unit: 'matrix unit',
      lesson: 'matrix lesson',
      mainPreparerId: alliance.accounts.owner.id,
      dueDate: '2030-10-01',
      discussionAt: null,
      createdBy: alliance.accounts.lead.id,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  try {
    return await use(id)
  } finally {
    await server.kdb.deleteFrom('prepTasks').where('id', '=', id).execute()
  }
}

function taskRow(id: string) {
  return server.kdb.selectFrom('prepTasks').selectAll().where('id', '=', id).executeTakeFirst()
}

const moveTaskOfG = (caller: Caller) =>
  withTaskOfG(async (id) => {
    const reply = await call(caller, 'PATCH', `/api/tasks/${id}`, { dueDate: '2030-10-02' })
    return checked(reply.status, (await taskRow(id))?.dueDate === '2030-10-02')
  })

const handTaskOfGToMember = (caller: Caller) =>
  withTaskOfG(async (id) => {
    const reply = await call(caller, 'PATCH', `/api/tasks/${id}`, {
      mainPreparerId: alliance.accounts.groupMemberOtherSchool.id,
      participantIds: [alliance.accounts.owner.id],
    })
    const row = await taskRow(id)
    return checked(
      reply.status,
      row?.mainPreparerId === alliance.accounts.groupMemberOtherSchool.id,
    )
  })

const editUnknownTask = async (caller: Caller) =>
  (await call(caller, 'PATCH', '/api/tasks/no-such-task', { dueDate: '2030-10-02' })).status

// Version history (issue 20): read by whoever reads the document, named and restored by editors.

function versionReadExpectation(doc: FixtureDocument): Expectations {
  return each((name) => (PERMISSION[doc][name] === 'none' ? 403 : 200))
}

function versionWriteExpectation(doc: FixtureDocument, success: number): Expectations {
  return each((name) => {
    const permission = PERMISSION[doc][name]
    return permission === 'none' || permission === 'view' || permission === 'comment'
      ? 403
      : success
  })
}

const listVersions = (name: DocumentName) => async (caller: Caller) =>
  (await call(caller, 'GET', `/api/documents/${doc(name)}/versions`)).status

const readVersion = (name: FixtureDocument) => async (caller: Caller) => {
  const state = await server.registry.encodeState(doc(name))
  const saved = await server.store.saveVersion(doc(name), unique('v'), 'named', state)
  return (await call(caller, 'GET', `/api/documents/${doc(name)}/versions/${saved.id}`)).status
}

const nameVersion = (caller: Caller) =>
  withDocument({ groupId: 'G', visibility: 'group' }, async (id) => {
    const reply = await call(caller, 'POST', `/api/documents/${id}/versions`, { name: '保存' })
    return checked(reply.status, (await server.store.listVersions(id)).length > 0)
  })

const restoreVersion = (caller: Caller) =>
  withDocument({ groupId: 'G', visibility: 'group' }, async (id) => {
    const saved = await server.store.saveVersion(id, 'v', 'named', new Uint8Array([0, 0]))
    const reply = await call(
      caller,
      'POST',
      `/api/documents/${id}/versions/${saved.id}/restore`,
      {},
    )
    return checked(reply.status, (await server.store.listVersions(id)).length > 1)
  })

const fillParticipants = (caller: Caller) =>
  withDocument({ groupId: 'G', visibility: 'group' }, async (id) => {
    const template = Y.encodeStateAsUpdate(jsonToYDoc(emptyPlanJSON()))
    await server.registry.change(id, (doc) => Y.applyUpdate(doc, template))
    const reply = await call(caller, 'POST', `/api/documents/${id}/contributors/header`)
    const audited = await server.kdb
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'plan_participants_filled')
      .where('targetId', '=', id)
      .execute()
    return checked(reply.status, audited.length > 0)
  })

// ---------------------------------------------------------------------------------------------
// 听评课 (issue 22): an observation of the owner's lesson on docGroup, observed by
// groupMemberOtherSchool; the owner is the observed teacher (not a principal of the matrix).

const LESSON_AT = Date.UTC(2026, 11, 8, 1, 0)

/** The owner as a caller (to set fixtures up through the API). */
function ownerCaller(): Caller {
  return { name: 'teacherOwnSchool', via: 'cookie', account: alliance.accounts.owner }
}

/** groupMemberOtherSchool, the observer of the fixtures, as a caller. */
function observerCaller(): Caller {
  return callerFor('groupMemberOtherSchool', 'cookie')
}

async function seededRubricVersion(mode: 'weighted' | 'viewpoints'): Promise<string> {
  const reply = await call(ownerCaller(), 'GET', '/api/rubrics')
  const rubrics = (reply.body as { rubrics: { mode: string; currentVersionId: string }[] }).rubrics
  const rubric = rubrics.find((entry) => entry.mode === mode)
  if (!rubric) throw new Error(`no seeded ${mode} rubric`)
  return rubric.currentVersionId
}

/** Schedules (as the owner) an observation of the owner's lesson on a plan; returns its id. */
async function scheduleOwnerLesson(
  documentId: string,
  mode: 'weighted' | 'viewpoints' = 'weighted',
): Promise<string> {
  const reply = await call(ownerCaller(), 'POST', '/api/observations', {
    documentId,
    rubricVersionId: await seededRubricVersion(mode),
    className: '七年级（1）班',
    room: '101',
    startsAt: LESSON_AT,
    observerIds: [alliance.accounts.groupMemberOtherSchool.id],
  })
  if (reply.status !== 201) throw new Error(`observation fixture: HTTP ${reply.status}`)
  return (reply.body as { id: string }).id
}

const observationFixtures = new Map<string, Promise<string>>()

/** One observation per kind, made once: open weighted, open LICC, closed. */
function observationFixture(kind: 'open' | 'licc' | 'closed'): Promise<string> {
  let made = observationFixtures.get(kind)
  if (!made) {
    made = (async () => {
      const id = await scheduleOwnerLesson(
        alliance.documents.docGroup,
        kind === 'licc' ? 'viewpoints' : 'weighted',
      )
      if (kind === 'closed') await call(ownerCaller(), 'POST', `/api/observations/${id}/close`)
      return id
    })()
    observationFixtures.set(kind, made)
  }
  return made
}

let matrixRubricId: Promise<string> | undefined

/** A rubric of the matrix's own (created by the alliance admin), so new versions touch nothing else. */
function matrixRubric(): Promise<string> {
  matrixRubricId ??= (async () => {
    const reply = await call(callerFor('allianceAdmin', 'cookie'), 'POST', '/api/rubrics', {
      name: unique('matrix rubric'),
      definition: WEIGHTED_RUBRIC,
    })
    if (reply.status !== 201) throw new Error(`rubric fixture: HTTP ${reply.status}`)
    return (reply.body as { id: string }).id
  })()
  return matrixRubricId
}

const readRubrics = (caller: Caller) => call(caller, 'GET', '/api/rubrics').then((r) => r.status)

const readRubric = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/rubrics/${await matrixRubric()}`)).status

const readRubricVersion = async (caller: Caller) => {
  const rubricId = await matrixRubric()
  const detail = await call(callerFor('allianceAdmin', 'cookie'), 'GET', `/api/rubrics/${rubricId}`)
  const versionId = (detail.body as { currentVersionId: string }).currentVersionId
  return (await call(caller, 'GET', `/api/rubrics/${rubricId}/versions/${versionId}`)).status
}

const createRubricRow = async (caller: Caller) =>
  (
    await call(caller, 'POST', '/api/rubrics', {
      name: unique('rubric'),
      definition: WEIGHTED_RUBRIC,
    })
  ).status

const newRubricVersion = async (caller: Caller) =>
  (
    await call(caller, 'POST', `/api/rubrics/${await matrixRubric()}/versions`, {
      definition: WEIGHTED_RUBRIC,
    })
  ).status

const scheduleOwnersLesson = async (caller: Caller) =>
  (
    await call(caller, 'POST', '/api/observations', {
      documentId: alliance.documents.docGroup,
      rubricVersionId: await seededRubricVersion('weighted'),
      teacherId: alliance.accounts.owner.id,
      className: '七年级（2）班',
      room: '102',
      startsAt: LESSON_AT,
      observerIds: [alliance.accounts.outsider.id],
    })
  ).status

const scheduleOwnLesson = async (caller: Caller) =>
  (
    await call(caller, 'POST', '/api/observations', {
      documentId: alliance.documents.docAlliance,
      rubricVersionId: await seededRubricVersion('weighted'),
      className: '七年级（2）班',
      room: '102',
      startsAt: LESSON_AT,
      observerIds: [alliance.accounts.owner.id],
    })
  ).status

const listObservingObservations = (caller: Caller) =>
  call(caller, 'GET', '/api/observations?scope=observing').then((r) => r.status)

const listGroupObservations = (caller: Caller) =>
  call(caller, 'GET', `/api/observations?scope=group&groupId=${alliance.groups.G}`).then(
    (r) => r.status,
  )

const searchObserverCandidates = (caller: Caller) =>
  call(caller, 'GET', '/api/observations/candidates?q=a').then((r) => r.status)

const readOwnerObservationCounts = (caller: Caller) =>
  call(caller, 'GET', `/api/observations/counts?userId=${alliance.accounts.owner.id}`).then(
    (r) => r.status,
  )

const readObservationSettings = (caller: Caller) =>
  call(caller, 'GET', `/api/observations/settings/${alliance.groups.G}`).then((r) => r.status)

const writeObservationSettings = (caller: Caller) =>
  call(caller, 'PUT', `/api/observations/settings/${alliance.groups.G}`, {
    showObserverNames: true,
  }).then((r) => r.status)

const readObservation = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/observations/${await observationFixture('open')}`)).status

const readPinnedPlan = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/observations/${await observationFixture('open')}/plan`)).status

const closeFreshObservation = async (caller: Caller) => {
  const id = await scheduleOwnerLesson(alliance.documents.docGroup)
  const reply = await call(caller, 'POST', `/api/observations/${id}/close`)
  const row = await server.kdb
    .selectFrom('observations')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst()
  return checked(reply.status, row?.status === 'closed')
}

/** A write to the open fixture's sheet, as the caller. */
const sheetWrite =
  (method: 'GET' | 'PUT' | 'POST', suffix: string, body?: () => unknown) =>
  async (caller: Caller) =>
    (
      await call(
        caller,
        method,
        `/api/observations/${await observationFixture('open')}/sheet${suffix}`,
        body?.(),
      )
    ).status

const pickLiccPoints = async (caller: Caller) =>
  (
    await call(caller, 'PUT', `/api/observations/${await observationFixture('licc')}/points`, {
      points: ['learning.listening'],
    })
  ).status

const readOpenReport = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/observations/${await observationFixture('open')}/report`)).status

const readClosedReport = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/observations/${await observationFixture('closed')}/report`))
    .status

/** 'file' for every cell where the JSON report answers 200; the other outcomes unchanged. */
function asFile(expectations: Expectations): Expectations {
  return Object.fromEntries(
    Object.entries(expectations).map(([name, outcome]) => [
      name,
      outcome === 200 ? 'file' : outcome,
    ]),
  ) as Expectations
}

const exportReport = (kind: 'open' | 'closed', format: 'docx' | 'pdf') => async (caller: Caller) =>
  exportOutcome(caller, `/api/observations/${await observationFixture(kind)}/report.${format}`)

const startReviewMeeting = (caller: Caller) =>
  withDocument({ groupId: 'G', visibility: 'group' }, async (documentId) => {
    const id = await scheduleOwnerLesson(documentId)
    await call(observerCaller(), 'PUT', `/api/observations/${id}/sheet/scores`, {
      scores: [{ point: 'goals.1', value: 3 }],
    })
    const reply = await call(caller, 'POST', `/api/observations/${id}/meeting`, {})
    const meetings = await server.kdb
      .selectFrom('prepSessions')
      .select('id')
      .where('documentId', '=', documentId)
      .execute()
    return checked(reply.status, meetings.length > 0)
  })

const sendSuggestionToPlan = (caller: Caller) =>
  withDocument({ groupId: 'G', visibility: 'group' }, async (documentId) => {
    const content = Y.encodeStateAsUpdate(buildPlanDoc(DEMO_PLANS[0] as DemoPlan, '主备', ''))
    await server.registry.change(documentId, (live) => Y.applyUpdate(live, content))
    const id = await scheduleOwnerLesson(documentId)
    const suggestionId = unique('suggestion-id')
    await call(observerCaller(), 'PUT', `/api/observations/${id}/sheet/comments`, {
      strengths: '',
      suggestions: [{ id: suggestionId, text: '导入再短一些', step: 0 }],
    })
    const reply = await call(
      caller,
      'POST',
      `/api/observations/${id}/suggestions/${suggestionId}/comment`,
    )
    const comments = new Y.Doc()
    Y.applyUpdate(comments, await server.registry.encodeState(commentsRoomOf(documentId)))
    const threads = readThreads(comments)
    comments.destroy()
    return checked(reply.status, threads.length > 0)
  })

/** An observer-only sheet route: the observer passes, who sees it otherwise gets 403, others 404. */
const SHEET_ONLY: Expectations = signedIn(404, {
  groupMemberOtherSchool: 200,
  lead: 403,
  schoolAdmin: 403,
  allianceAdmin: 403,
})

/** Who sees the observation besides its teacher: the observer, the lead and the admins. */
const SEES_OBSERVATION: Partial<Record<SignedInName, Outcome>> = {
  groupMemberOtherSchool: 200,
  lead: 200,
  schoolAdmin: 200,
  allianceAdmin: 200,
}

// 师徒结对 (issue 23): a pair made by the alliance admin in G: mentor groupMemberOtherSchool
// (school B), mentee the owner (school A, not a principal of the matrix).

/** The body of a teacher pair in G between groupMemberOtherSchool (mentor) and the owner. */
function matrixPairBody(): Record<string, unknown> {
  return {
    kind: 'teacher',
    mentorId: alliance.accounts.groupMemberOtherSchool.id,
    menteeId: alliance.accounts.owner.id,
    groupId: alliance.groups.G,
    startDate: '2026-09-01',
    endDate: '2027-07-31',
  }
}

/** A new pair: active (made by the alliance admin) or requested (by the owner, the mentee). */
async function newMatrixPair(status: 'active' | 'requested'): Promise<string> {
  const by = status === 'active' ? callerFor('allianceAdmin', 'cookie') : ownerCaller()
  const reply = await call(by, 'POST', '/api/mentoring/pairs', matrixPairBody())
  if (reply.status !== 201) throw new Error(`pair fixture: HTTP ${reply.status}`)
  return (reply.body as { id: string }).id
}

let sharedMatrixPair: Promise<string> | undefined

/** One active pair shared by the rows that change nothing. */
function matrixPair(): Promise<string> {
  sharedMatrixPair ??= newMatrixPair('active')
  return sharedMatrixPair
}

/** Who sees the pair: the mentor, the lead of G, the school admin of the mentee's school, the alliance admin. */
const SEES_PAIR: Partial<Record<SignedInName, Outcome>> = {
  groupMemberOtherSchool: 200,
  lead: 200,
  schoolAdmin: 200,
  allianceAdmin: 200,
}

const listPairs = async (caller: Caller) =>
  (await call(caller, 'GET', '/api/mentoring/pairs')).status
const readPair = async (caller: Caller) =>
  (await call(caller, 'GET', `/api/mentoring/pairs/${await matrixPair()}`)).status
const readPairProgress = async (caller: Caller) =>
  (
    await call(
      caller,
      'GET',
      `/api/mentoring/pairs/${await matrixPair()}/progress?term=2026-2027-1`,
    )
  ).status
const createPairRow = async (caller: Caller) =>
  (await call(caller, 'POST', '/api/mentoring/pairs', matrixPairBody())).status
const editPair = async (caller: Caller) => {
  const id = await newMatrixPair('active')
  const reply = await call(caller, 'PATCH', `/api/mentoring/pairs/${id}`, {
    goals: unique('goals'),
  })
  const row = await server.kdb
    .selectFrom('mentoringPairs')
    .select('goals')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return checked(reply.status, row.goals !== '')
}
const endPairRow = async (caller: Caller) => {
  const id = await newMatrixPair('active')
  const reply = await call(caller, 'POST', `/api/mentoring/pairs/${id}/end`, { reason: '结束' })
  const row = await server.kdb
    .selectFrom('mentoringPairs')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return checked(reply.status, row.status === 'ended')
}
const answerPairRequest = (answer: 'accept' | 'decline') => async (caller: Caller) => {
  const id = await newMatrixPair('requested')
  const reply = await call(
    caller,
    'POST',
    `/api/mentoring/pairs/${id}/${answer}`,
    answer === 'decline' ? { reason: '时间冲突' } : undefined,
  )
  const row = await server.kdb
    .selectFrom('mentoringPairs')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return checked(reply.status, row.status !== 'requested')
}
const handInForGuidance = async (caller: Caller) => {
  const id = await matrixPair()
  const reply = await call(caller, 'POST', `/api/mentoring/pairs/${id}/guidance`, {
    documentId: alliance.documents.docGroup,
  })
  const rows = await server.kdb
    .selectFrom('mentoringGuidance')
    .select('id')
    .where('pairId', '=', id)
    .execute()
  return checked(reply.status, rows.length > 0)
}

// ---------------------------------------------------------------------------------------------
// The matrix.

const withToken = (row: Row): Row[] => [row, { ...row, via: 'token' }]

// ---- Cells of the alliance dashboard (issue 24) ----

/** GET a dashboard route (path after /api/dashboard, with `{A}`, `{B}`, `{G}`, `{H}` replaced). */
const dashboard = (path: string) => async (caller: Caller) => {
  const filled = path
    .replaceAll('{A}', alliance.schools.A)
    .replaceAll('{B}', alliance.schools.B)
    .replaceAll('{G}', alliance.groups.G)
    .replaceAll('{H}', alliance.groups.H)
  return (await call(caller, 'GET', `/api/dashboard${filled}`)).status
}

/** Who reads the dashboard's figures: the admins, and the lead (of G). */
const dashboardReaders = () => signedIn(403, { lead: 200, schoolAdmin: 200, allianceAdmin: 200 })

/** A drill-down into school B: refused to school A's admin. */
const drillIntoB = () => signedIn(403, { lead: 200, allianceAdmin: 200 })

/** The dashboard's routes: figures for its readers, drill-downs into another school refused. */
const DASHBOARD_ROWS: Row[] = [
  ...withToken({
    op: 'reads the dashboard scope (GET /api/dashboard/scope)',
    run: dashboard('/scope'),
    expect: dashboardReaders(),
  }),
  ...withToken({
    op: 'reads the preparation figures (GET /api/dashboard/preparation)',
    run: dashboard('/preparation'),
    expect: dashboardReaders(),
  }),
  {
    op: 'reads the preparation figures of group H, which the lead does not lead (GET /api/dashboard/preparation?group=H)',
    run: dashboard('/preparation?group={H}'),
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'drills into the tasks of school A (GET /api/dashboard/preparation/tasks?school=A)',
    run: dashboard('/preparation/tasks?school={A}'),
    expect: dashboardReaders(),
  },
  {
    op: 'drills into the tasks of school B (GET /api/dashboard/preparation/tasks?school=B)',
    run: dashboard('/preparation/tasks?school={B}'),
    expect: drillIntoB(),
  },
  {
    op: 'reads the session figures (GET /api/dashboard/sessions)',
    run: dashboard('/sessions'),
    expect: dashboardReaders(),
  },
  {
    op: 'drills into the sessions school B attended (GET /api/dashboard/sessions/list?attendeeSchool=B)',
    run: dashboard('/sessions/list?attendeeSchool={B}'),
    expect: drillIntoB(),
  },
  {
    op: 'drills into the sessions (GET /api/dashboard/sessions/list)',
    run: dashboard('/sessions/list'),
    expect: dashboardReaders(),
  },
  {
    op: 'reads the cross-school figures (GET /api/dashboard/cross-school)',
    run: dashboard('/cross-school'),
    expect: dashboardReaders(),
  },
  {
    op: 'drills into the comments written by school B (GET /api/dashboard/cross-school/comments?authorSchool=B)',
    run: dashboard('/cross-school/comments?authorSchool={B}'),
    expect: drillIntoB(),
  },
  {
    op: 'drills into the co-authored plans (GET /api/dashboard/cross-school/plans)',
    run: dashboard('/cross-school/plans'),
    expect: dashboardReaders(),
  },
  {
    op: 'reads the resource-flow matrix (GET /api/dashboard/flows)',
    run: dashboard('/flows'),
    expect: dashboardReaders(),
  },
  {
    op: 'drills into the adaptations from B by B (GET /api/dashboard/flows/plans?from=B&to=B)',
    run: dashboard('/flows/plans?from={B}&to={B}'),
    expect: drillIntoB(),
  },
  {
    op: 'drills into the adaptations made by A (GET /api/dashboard/flows/plans?to=A)',
    run: dashboard('/flows/plans?to={A}'),
    expect: dashboardReaders(),
  },
  {
    op: 'reads the library figures (GET /api/dashboard/library)',
    run: dashboard('/library'),
    expect: dashboardReaders(),
  },
  {
    op: 'drills into the published entries (GET /api/dashboard/library/entries?kind=published)',
    run: dashboard('/library/entries?kind=published'),
    expect: dashboardReaders(),
  },
  {
    op: 'reads the participation balance (GET /api/dashboard/balance)',
    run: dashboard('/balance'),
    expect: dashboardReaders(),
  },
  {
    op: 'drills into the plans written by school B (GET /api/dashboard/balance/plans?school=B)',
    run: dashboard('/balance/plans?school={B}'),
    expect: drillIntoB(),
  },
  {
    op: 'reads the trends (GET /api/dashboard/trends)',
    run: dashboard('/trends'),
    expect: dashboardReaders(),
  },
  {
    op: 'asks the library drill-down for an unknown kind (GET /api/dashboard/library/entries?kind=x)',
    run: dashboard('/library/entries?kind=x'),
    expect: signedIn(403, { lead: 400, schoolAdmin: 400, allianceAdmin: 400 }),
  },
]

const matrix: Row[] = [
  { op: 'checks the health endpoint', run: health, expect: signedIn(200, {}, 200) },

  // Documents.
  ...withToken({
    op: 'reads docGroup (GET /api/documents/:id)',
    run: readDocument('docGroup'),
    expect: readExpectation('docGroup'),
  }),
  {
    op: 'reads docPrivate (GET /api/documents/:id)',
    run: readDocument('docPrivate'),
    expect: readExpectation('docPrivate'),
  },
  ...withToken({
    op: 'reads docSchool (GET /api/documents/:id)',
    run: readDocument('docSchool'),
    expect: readExpectation('docSchool'),
  }),
  {
    op: 'reads docAlliance (GET /api/documents/:id)',
    run: readDocument('docAlliance'),
    expect: readExpectation('docAlliance'),
  },
  {
    op: 'reads docOtherSchool of school B (GET /api/documents/:id)',
    run: readDocument('docOtherSchool'),
    expect: readExpectation('docOtherSchool'),
  },
  {
    op: 'reads a guessed document id (GET /api/documents/:id)',
    run: readDocument('guessed'),
    expect: signedIn(404),
  },
  {
    op: 'reads a deleted document of group G (GET /api/documents/:id)',
    run: readDocument('docDeleted'),
    expect: signedIn(404),
  },
  ...withToken({
    op: 'lists documents (GET /api/documents)',
    run: listDocuments,
    expect: listExpectation(),
  }),
  ...withToken({
    op: 'renames docGroup (PATCH /api/documents/:id {title})',
    run: renameDocument('docGroup'),
    expect: editExpectation('docGroup'),
  }),
  {
    op: 'renames docPrivate (PATCH /api/documents/:id {title})',
    run: renameDocument('docPrivate'),
    expect: editExpectation('docPrivate'),
  },
  {
    op: 'renames docSchool (PATCH /api/documents/:id {title})',
    run: renameDocument('docSchool'),
    expect: editExpectation('docSchool'),
  },
  {
    op: 'renames docAlliance (PATCH /api/documents/:id {title})',
    run: renameDocument('docAlliance'),
    expect: editExpectation('docAlliance'),
  },
  {
    op: 'renames docOtherSchool of school B (PATCH /api/documents/:id {title})',
    run: renameDocument('docOtherSchool'),
    expect: editExpectation('docOtherSchool'),
  },
  {
    op: 'renames a guessed document id (PATCH /api/documents/:id {title})',
    run: renameDocument('guessed'),
    expect: signedIn(404),
  },
  {
    op: 'renames docGroup with its cookie from a foreign Origin (PATCH /api/documents/:id)',
    run: forgedRename({ origin: FOREIGN_ORIGIN }),
    expect: signedIn(REFUSED_CROSS_SITE, {}, REFUSED_CROSS_SITE),
  },
  {
    op: 'renames docGroup with its cookie from a foreign Origin plus a malformed "Bearer" header (PATCH /api/documents/:id)',
    run: forgedRename({ origin: FOREIGN_ORIGIN, extraHeaders: MALFORMED_BEARER }),
    expect: signedIn(REFUSED_CROSS_SITE, {}, REFUSED_CROSS_SITE),
  },
  ...withToken({
    op: 'makes a fresh group document of G school-visible (PATCH /api/documents/:id {visibility})',
    run: changeVisibility({ groupId: 'G', visibility: 'group' }, 'school'),
    expect: signedIn(403, { lead: 200 }),
  }),
  {
    op: 'makes a fresh school-visible document without group alliance-visible (PATCH {visibility})',
    run: changeVisibility({ groupId: null, visibility: 'school' }, 'alliance'),
    expect: signedIn(403),
  },
  ...withToken({
    op: 'deletes a fresh group document of G (DELETE /api/documents/:id)',
    run: deleteDocument({ groupId: 'G', visibility: 'group' }),
    expect: signedIn(403, { lead: 200 }),
  }),
  {
    op: 'deletes a fresh private document filed in G (DELETE /api/documents/:id)',
    run: deleteDocument({ groupId: 'G', visibility: 'private' }),
    expect: signedIn(403),
  },
  {
    op: 'deletes a fresh alliance-visible document without group (DELETE /api/documents/:id)',
    run: deleteDocument({ groupId: null, visibility: 'alliance' }),
    expect: signedIn(403),
  },
  {
    op: 'deletes a guessed document id (DELETE /api/documents/:id)',
    run: async (caller) =>
      (await call(caller, 'DELETE', `/api/documents/${doc('guessed')}`)).status,
    expect: signedIn(404),
  },
  ...withToken({
    op: 'creates a document in group G (POST /api/documents)',
    run: createDocument(true),
    expect: signedIn(403, { groupMemberOtherSchool: 201, lead: 201 }),
  }),
  {
    op: 'creates a document without a group (POST /api/documents)',
    run: createDocument(false),
    expect: signedIn(201),
  },
  {
    op: 'imports a Word plan into group G (POST /api/documents/import, confirm)',
    run: importPlan(true),
    expect: signedIn(403, { groupMemberOtherSchool: 201, lead: 201 }),
  },
  {
    op: 'imports a Word plan without a group (POST /api/documents/import, confirm)',
    run: importPlan(false),
    expect: signedIn(201),
  },
  {
    op: 'imports a Word plan into a group plan of G (POST /api/documents/:id/import, confirm)',
    run: importIntoPlan,
    expect: versionWriteExpectation('docGroup', 200),
  },

  {
    op: 'previews a Word plan without a group (POST /api/documents/import)',
    run: previewImport(() => '/api/documents/import'),
    expect: signedIn(200),
  },
  {
    op: 'previews a Word plan into docGroup (POST /api/documents/:id/import)',
    run: previewImport(() => `/api/documents/${doc('docGroup')}/import`),
    expect: versionWriteExpectation('docGroup', 200),
  },
  {
    op: 'previews a Word plan into docOtherSchool of school B (POST /api/documents/:id/import)',
    run: previewImport(() => `/api/documents/${doc('docOtherSchool')}/import`),
    expect: versionWriteExpectation('docOtherSchool', 200),
  },
  {
    op: 'previews a Word plan into a guessed document id (POST /api/documents/:id/import)',
    run: previewImport(() => `/api/documents/${doc('guessed')}/import`),
    expect: signedIn(404),
  },

  // Word and PDF exports (issue 21): whoever may read the plan, its history or the library.
  ...withToken({
    op: 'exports docGroup as Word (GET /api/documents/:id/export.docx)',
    run: exportPlan('docGroup', 'docx'),
    expect: exportExpectation('docGroup'),
  }),
  {
    op: 'exports docPrivate as Word (GET /api/documents/:id/export.docx)',
    run: exportPlan('docPrivate', 'docx'),
    expect: exportExpectation('docPrivate'),
  },
  {
    op: 'exports docSchool as Word (GET /api/documents/:id/export.docx)',
    run: exportPlan('docSchool', 'docx'),
    expect: exportExpectation('docSchool'),
  },
  {
    op: 'exports docOtherSchool of school B as Word (GET /api/documents/:id/export.docx)',
    run: exportPlan('docOtherSchool', 'docx'),
    expect: exportExpectation('docOtherSchool'),
  },
  {
    op: 'exports a deleted document of G as Word (GET /api/documents/:id/export.docx)',
    run: exportPlan('docDeleted', 'docx'),
    expect: signedIn(404),
  },
  {
    op: 'exports docGroup as PDF (GET /api/documents/:id/export.pdf)',
    run: exportPlan('docGroup', 'pdf'),
    expect: exportExpectation('docGroup'),
  },
  {
    op: 'exports docSchool as PDF (GET /api/documents/:id/export.pdf)',
    run: exportPlan('docSchool', 'pdf'),
    expect: exportExpectation('docSchool'),
  },
  ...withToken({
    op: 'exports the 集体备课记录 of a meeting on docGroup as Word (GET /api/sessions/:id/minutes.docx)',
    run: exportMinutes('docx'),
    expect: exportExpectation('docGroup'),
  }),
  {
    op: 'exports the 集体备课记录 of a meeting on docGroup as PDF (GET /api/sessions/:id/minutes.pdf)',
    run: exportMinutes('pdf'),
    expect: exportExpectation('docGroup'),
  },
  ...withToken({
    op: 'exports a saved version of docGroup as Word (GET …/versions/:versionId/export.docx)',
    run: exportVersion('docGroup', 'docx'),
    expect: exportExpectation('docGroup'),
  }),
  {
    op: 'exports a saved version of docOtherSchool of school B as Word (GET …/versions/:versionId/export.docx)',
    run: exportVersion('docOtherSchool', 'docx'),
    expect: exportExpectation('docOtherSchool'),
  },
  {
    op: 'exports a saved version of docPrivate as PDF (GET …/versions/:versionId/export.pdf)',
    run: exportVersion('docPrivate', 'pdf'),
    expect: exportExpectation('docPrivate'),
  },
  ...withToken({
    op: 'exports a published library entry as Word (GET /api/library/:id/export.docx)',
    run: exportLibraryEntry('published', 'docx'),
    expect: signedIn('file'),
  }),
  {
    op: 'exports a published library entry as PDF (GET /api/library/:id/export.pdf)',
    run: exportLibraryEntry('published', 'pdf'),
    expect: signedIn('file'),
  },
  {
    op: 'exports a withdrawn library entry as Word (GET /api/library/:id/export.docx)',
    run: exportLibraryEntry('withdrawn', 'docx'),
    expect: signedIn(404),
  },

  // Version history.
  ...withToken({
    op: 'lists the versions of docGroup (GET /api/documents/:id/versions)',
    run: listVersions('docGroup'),
    expect: versionReadExpectation('docGroup'),
  }),
  {
    op: 'lists the versions of docPrivate (GET /api/documents/:id/versions)',
    run: listVersions('docPrivate'),
    expect: versionReadExpectation('docPrivate'),
  },
  {
    op: 'lists the versions of docSchool (GET /api/documents/:id/versions)',
    run: listVersions('docSchool'),
    expect: versionReadExpectation('docSchool'),
  },
  {
    op: 'lists the versions of a deleted document of G (GET /api/documents/:id/versions)',
    run: listVersions('docDeleted'),
    expect: signedIn(404),
  },
  {
    op: 'reads a version of docGroup (GET /api/documents/:id/versions/:versionId)',
    run: readVersion('docGroup'),
    expect: versionReadExpectation('docGroup'),
  },
  {
    op: 'reads a version of docOtherSchool of school B (GET …/versions/:versionId)',
    run: readVersion('docOtherSchool'),
    expect: versionReadExpectation('docOtherSchool'),
  },
  ...withToken({
    op: 'names a version of a group document of G (POST /api/documents/:id/versions)',
    run: nameVersion,
    expect: versionWriteExpectation('docGroup', 201),
  }),
  ...withToken({
    op: 'restores a version of a group document of G (POST …/versions/:versionId/restore)',
    run: restoreVersion,
    expect: versionWriteExpectation('docGroup', 200),
  }),
  ...withToken({
    op: 'fills the 参与教师 of a group plan of G from its contributors (POST …/contributors/header)',
    run: fillParticipants,
    expect: versionWriteExpectation('docGroup', 200),
  }),

  // Comments.
  ...withToken({
    op: 'lists the people to mention on docGroup (GET /api/documents/:id/comments/people)',
    run: mentionablePeople('docGroup'),
    expect: commentReadExpectation('docGroup'),
  }),
  {
    op: 'lists the people to mention on docPrivate (GET …/comments/people)',
    run: mentionablePeople('docPrivate'),
    expect: commentReadExpectation('docPrivate'),
  },
  {
    op: 'lists the people to mention on docOtherSchool of school B (GET …/comments/people)',
    run: mentionablePeople('docOtherSchool'),
    expect: commentReadExpectation('docOtherSchool'),
  },
  {
    op: 'lists the people to mention on a deleted document of G (GET …/comments/people)',
    run: mentionablePeople('docDeleted'),
    expect: signedIn(404),
  },
  // Version history: contributors and compare, for whoever may read the plan (observers too).
  ...withToken({
    op: 'reads the contributors of docGroup (GET /api/documents/:id/contributors)',
    run: contributorsOf('docGroup'),
    expect: commentReadExpectation('docGroup'),
  }),
  {
    op: 'reads the contributors of docPrivate (GET …/contributors)',
    run: contributorsOf('docPrivate'),
    expect: commentReadExpectation('docPrivate'),
  },
  {
    op: 'reads the contributors of docOtherSchool of school B (GET …/contributors)',
    run: contributorsOf('docOtherSchool'),
    expect: commentReadExpectation('docOtherSchool'),
  },
  {
    op: 'reads the contributors of a deleted document of G (GET …/contributors)',
    run: contributorsOf('docDeleted'),
    expect: signedIn(404),
  },
  {
    op: 'reads the contributors of a document that does not exist (GET …/contributors)',
    run: contributorsOf('guessed'),
    expect: signedIn(404),
  },
  ...withToken({
    op: 'compares a version of docGroup with the live plan (GET /api/documents/:id/compare)',
    run: compareWithLive('docGroup'),
    expect: commentReadExpectation('docGroup'),
  }),
  {
    op: 'compares a version of docPrivate with the live plan (GET …/compare)',
    run: compareWithLive('docPrivate'),
    expect: commentReadExpectation('docPrivate'),
  },
  {
    op: 'compares a version of docSchool with the live plan (GET …/compare)',
    run: compareWithLive('docSchool'),
    expect: commentReadExpectation('docSchool'),
  },
  {
    op: 'compares a version of a deleted document of G (GET …/compare)',
    run: compareWithLive('docDeleted'),
    expect: signedIn(404),
  },
  {
    op: 'compares versions of a document that does not exist (GET …/compare)',
    run: compareWithLive('guessed'),
    expect: signedIn(404),
  },
  ...withToken({
    op: 'starts a comment thread on docGroup (POST /api/documents/:id/comments/threads)',
    run: startThread('docGroup'),
    expect: commentExpectation('docGroup', 201),
  }),
  {
    op: 'starts a comment thread on docPrivate (POST …/comments/threads)',
    run: startThread('docPrivate'),
    expect: commentExpectation('docPrivate', 201),
  },
  {
    op: 'starts a comment thread on docSchool (POST …/comments/threads)',
    run: startThread('docSchool'),
    expect: commentExpectation('docSchool', 201),
  },
  {
    op: 'starts a comment thread on docAlliance (POST …/comments/threads)',
    run: startThread('docAlliance'),
    expect: commentExpectation('docAlliance', 201),
  },
  {
    op: 'starts a comment thread on docOtherSchool of school B (POST …/comments/threads)',
    run: startThread('docOtherSchool'),
    expect: commentExpectation('docOtherSchool', 201),
  },
  {
    op: 'starts a comment thread on a guessed document id (POST …/comments/threads)',
    run: startThread('guessed'),
    expect: signedIn(404),
  },
  ...withToken({
    op: "replies to the owner's thread on docGroup (POST …/threads/:threadId/replies)",
    run: replyToThread('docGroup'),
    expect: commentExpectation('docGroup', 201),
  }),
  {
    op: "replies to the owner's thread on docAlliance (POST …/threads/:threadId/replies)",
    run: replyToThread('docAlliance'),
    expect: commentExpectation('docAlliance', 201),
  },
  {
    // Only its author changes a comment: an editor of the plan is refused too.
    op: "rewrites the owner's comment on docGroup (PATCH …/threads/:threadId/comments/:commentId)",
    run: editOwnersComment('docGroup'),
    expect: signedIn(403),
  },
  {
    op: "deletes the owner's comment on docGroup (DELETE …/threads/:threadId/comments/:commentId)",
    run: deleteOwnersComment('docGroup'),
    expect: signedIn(403),
  },
  ...withToken({
    op: "resolves the owner's thread on docGroup (POST …/threads/:threadId/resolve)",
    run: resolveThread('docGroup'),
    expect: commentExpectation('docGroup', 200),
  }),
  {
    op: "resolves the owner's thread on docOtherSchool of school B (POST …/resolve)",
    run: resolveThread('docOtherSchool'),
    expect: commentExpectation('docOtherSchool', 200),
  },
  {
    op: "reopens the owner's resolved thread on docGroup (POST …/threads/:threadId/reopen)",
    run: reopenThread('docGroup'),
    expect: commentExpectation('docGroup', 200),
  },
  {
    op: "reopens the owner's resolved thread on docSchool (POST …/threads/:threadId/reopen)",
    run: reopenThread('docSchool'),
    expect: commentExpectation('docSchool', 200),
  },

  // Schools.
  { op: 'lists schools (GET /api/schools)', run: listSchools, expect: signedIn(200) },
  {
    op: 'creates a school (POST /api/schools)',
    run: createSchool,
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  {
    op: 'renames a school (PATCH /api/schools/:id)',
    run: renameSchool,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },

  // Users.
  ...withToken({
    op: 'lists users (GET /api/users)',
    run: listUsers,
    expect: each((name) => listing(USERS_SEEN[name])),
  }),
  {
    op: "reads the lead's account of school A (GET /api/users/:id)",
    run: readUser('lead'),
    expect: userExpectation('lead'),
  },
  {
    op: "reads teacherOwnSchool's account of school A (GET /api/users/:id)",
    run: readUser('teacherOwnSchool'),
    expect: userExpectation('teacherOwnSchool'),
  },
  {
    op: "reads groupMemberOtherSchool's account of school B (GET /api/users/:id)",
    run: readUser('groupMemberOtherSchool'),
    expect: userExpectation('groupMemberOtherSchool'),
  },
  {
    op: "reads the outsider's account of school C (GET /api/users/:id)",
    run: readUser('outsider'),
    expect: userExpectation('outsider'),
  },
  {
    op: 'reads a guessed user id (GET /api/users/:id)',
    run: readUser('guessed'),
    expect: signedIn(404),
  },
  ...withToken({
    op: 'creates a teacher in school A (POST /api/users)',
    run: createUser('A', 'teacher'),
    expect: signedIn(403, { schoolAdmin: 201, allianceAdmin: 201 }),
  }),
  {
    op: 'creates a school admin in school A (POST /api/users)',
    run: createUser('A', 'school_admin'),
    expect: signedIn(403, { schoolAdmin: 201, allianceAdmin: 201 }),
  },
  {
    op: 'creates a teacher in school B (POST /api/users)',
    run: createUser('B', 'teacher'),
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  {
    op: 'creates an alliance admin in school A (POST /api/users)',
    run: createUser('A', 'alliance_admin'),
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  {
    op: 'renames a fresh teacher of school A (PATCH /api/users/:id)',
    run: renameUser('A', 'teacher'),
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'renames a fresh teacher of school B (PATCH /api/users/:id)',
    run: renameUser('B', 'teacher'),
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'renames a fresh alliance admin of school A (PATCH /api/users/:id)',
    run: renameUser('A', 'alliance_admin'),
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'unlocks sign-in of a fresh teacher of school A (POST /api/users/:id/unlock)',
    run: unlockUser('A'),
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'unlocks sign-in of a fresh teacher of school B (POST /api/users/:id/unlock)',
    run: unlockUser('B'),
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'promotes a fresh teacher of school A to alliance admin (PATCH /api/users/:id)',
    run: promoteToAllianceAdmin,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'renames its own account through PATCH /api/users/:id',
    run: renameSelfAsUser,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },

  // Groups.
  {
    op: 'lists groups (GET /api/groups)',
    run: listGroups,
    expect: each((name) => listing(GROUPS_SEEN[name])),
  },
  { op: 'reads group G (GET /api/groups/:id)', run: readGroup('G'), expect: seesGroup('G') },
  { op: 'reads group H (GET /api/groups/:id)', run: readGroup('H'), expect: seesGroup('H') },
  {
    op: 'lists the members of G (GET /api/groups/:id/members)',
    run: readGroup('G', '/members'),
    expect: seesGroup('G'),
  },
  {
    op: 'creates a group (POST /api/groups)',
    run: createGroup,
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  ...withToken({
    op: 'updates group G (PATCH /api/groups/:id)',
    run: updateGroup('G'),
    expect: managesGroup('G'),
  }),
  {
    op: 'updates group H (PATCH /api/groups/:id)',
    run: updateGroup('H'),
    expect: managesGroup('H'),
  },
  {
    op: 'adds a fresh teacher to G (PUT /api/groups/:id/members/:userId)',
    run: putMember,
    expect: managesGroup('G'),
  },
  {
    op: 'removes a fresh observer from G (DELETE /api/groups/:id/members/:userId)',
    run: removeMember,
    expect: managesGroup('G'),
  },
  {
    op: "deletes a fresh group with G's members (DELETE /api/groups/:id)",
    run: deleteGroup,
    expect: deletesGroupLikeG(),
  },

  // Audit log.
  ...withToken({
    op: 'reads the audit log (GET /api/audit)',
    run: readAudit,
    expect: signedIn(403, { schoolAdmin: '200 school A only', allianceAdmin: '200 every school' }),
  }),

  // The signed-in user and API tokens.
  ...withToken({ op: 'reads GET /api/me', run: readMe, expect: signedIn('200 self') }),
  { op: 'renames itself (PATCH /api/me)', run: updateMe, expect: signedIn(200) },
  {
    op: 'changes its password with a wrong current password (POST /api/me/password)',
    run: changePasswordWrongly,
    expect: signedIn(403),
  },
  {
    op: 'lists API tokens (GET /api/tokens)',
    run: listTokens,
    expect: signedIn('200 own tokens only'),
  },
  { op: 'creates an API token (POST /api/tokens)', run: createToken, expect: signedIn(201) },
  {
    op: 'revokes a fresh API token of its own (DELETE /api/tokens/:id)',
    run: revokeOwnToken,
    expect: signedIn(200),
  },
  ...withToken({
    op: "revokes the owner's API token (DELETE /api/tokens/:id)",
    run: revokeOwnersToken,
    expect: signedIn('404 kept', {}, '401 kept'),
  }),

  // Websocket upgrades.
  ...withToken({
    op: 'opens a collaboration socket on docGroup',
    run: (caller) => upgradeOutcome(caller, doc('docGroup')),
    expect: upgradeExpectation('docGroup'),
  }),
  ...withToken({
    op: 'opens a collaboration socket on docPrivate',
    run: (caller) => upgradeOutcome(caller, doc('docPrivate')),
    expect: upgradeExpectation('docPrivate'),
  }),
  ...withToken({
    op: 'opens a collaboration socket on docSchool',
    run: (caller) => upgradeOutcome(caller, doc('docSchool')),
    expect: upgradeExpectation('docSchool'),
  }),
  {
    op: 'opens a collaboration socket on docAlliance',
    run: (caller) => upgradeOutcome(caller, doc('docAlliance')),
    expect: upgradeExpectation('docAlliance'),
  },
  {
    op: 'opens a collaboration socket on docOtherSchool of school B',
    run: (caller) => upgradeOutcome(caller, doc('docOtherSchool')),
    expect: upgradeExpectation('docOtherSchool'),
  },
  {
    op: 'opens a collaboration socket on a guessed document id',
    run: (caller) => upgradeOutcome(caller, doc('guessed')),
    expect: signedIn(404),
  },
  {
    op: 'opens a collaboration socket on a deleted document of G',
    run: (caller) => upgradeOutcome(caller, doc('docDeleted')),
    expect: signedIn(404),
  },
  {
    op: 'opens a collaboration socket on docAlliance with its cookie from a foreign Origin',
    run: (caller) => upgradeOutcome(caller, doc('docAlliance'), { origin: FOREIGN_ORIGIN }),
    expect: signedIn(403),
  },
  {
    op: 'opens a collaboration socket on docAlliance with its cookie from a foreign Origin plus a malformed "Bearer" header',
    // Which refusal (401 or 403) the rules leave open; accepting the upgrade is the failure.
    run: async (caller) => {
      const outcome = await upgradeOutcome(caller, doc('docAlliance'), {
        origin: FOREIGN_ORIGIN,
        extraHeaders: MALFORMED_BEARER,
      })
      return outcome === 401 || outcome === 403 ? 'refused' : outcome
    },
    expect: signedIn('refused', {}, 'refused'),
  },

  // Websocket edits.
  ...withToken({
    op: 'sends an edit over a collaboration socket on docGroup',
    run: (caller) => writeOutcome(caller, doc('docGroup')),
    expect: writeExpectation('docGroup'),
  }),
  {
    op: 'sends its content as sync step 2 over a collaboration socket on docGroup',
    run: (caller) => writeOutcome(caller, doc('docGroup'), SyncMessageType.Step2),
    expect: writeExpectation('docGroup'),
  },
  {
    op: 'sends an edit over a collaboration socket on docOtherSchool of school B',
    run: (caller) => writeOutcome(caller, doc('docOtherSchool')),
    expect: writeExpectation('docOtherSchool'),
  },
  {
    op: 'sends an edit over a collaboration socket on docSchool',
    run: (caller) => writeOutcome(caller, doc('docSchool')),
    expect: writeExpectation('docSchool'),
  },
  ...withToken({
    op: 'sends an edit over a collaboration socket on docAlliance',
    run: (caller) => writeOutcome(caller, doc('docAlliance')),
    expect: writeExpectation('docAlliance'),
  }),

  // ---- Alliance administration (issue 19): set-up and one-time links ----
  {
    op: 'asks GET /api/setup whether the first-run set-up is needed',
    run: readSetupNeeded,
    expect: signedIn('200 needed false', {}, '200 needed false'),
  },
  ...withToken({
    op: 'sets up the alliance with POST /api/setup and a junk token',
    run: setUpWithJunkToken,
    expect: signedIn(410, {}, 410),
  }),
  ...withToken({
    op: 'redeems a junk one-time sign-in link with POST /api/auth/link',
    run: redeemJunkLink,
    expect: signedIn(410, {}, 410),
  }),
  {
    op: 'inspects a junk one-time sign-in link with POST /api/auth/link/inspect',
    run: inspectJunkLink,
    expect: signedIn(410, {}, 410),
  },
  ...withToken({
    op: 'reads the alliance name with GET /api/alliance',
    run: readAlliance,
    expect: signedIn('200 alliance'),
  }),

  // ---- Alliance administration (issue 19): users and schools ----
  ...withToken({
    op: 'lists accounts in the admin console (GET /api/admin/users)',
    run: listAdminUsers,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  }),
  {
    op: 'lists schools with account counts (GET /api/admin/schools)',
    run: listAdminSchools,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'creates a teacher of school A without a password, getting a link (POST /api/users)',
    run: createUserWithLink,
    expect: signedIn(403, { schoolAdmin: 201, allianceAdmin: 201 }),
  },
  {
    op: 'moves a fresh teacher of school A to school B (PATCH /api/users/:id schoolId)',
    run: moveUserToB,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  ...withToken({
    op: 'resets a fresh teacher of school A to a sign-in link (POST /api/users/:id/sign-in-link)',
    run: issueSignInLink('teacher'),
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  }),
  {
    op: 'resets a fresh alliance admin of school A to a sign-in link (POST …/sign-in-link)',
    run: issueSignInLink('alliance_admin'),
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'archives a fresh school (PATCH /api/schools/:id archived)',
    run: archiveSchool,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },

  // ---- Alliance administration (issue 19): groups and the audit log ----
  {
    op: 'searches member candidates for G (GET /api/groups/:id/candidates)',
    run: groupCandidates,
    expect: managesGroup('G'),
  },
  {
    op: "archives a fresh group with G's members (PATCH /api/groups/:id {archived})",
    run: archiveGroup,
    expect: deletesGroupLikeG(),
  },
  ...withToken({
    op: 'exports the audit log (GET /api/audit/export)',
    run: exportAudit,
    expect: signedIn(403, { schoolAdmin: '200 csv', allianceAdmin: '200 csv' }),
  }),
  {
    op: 'lists the audit actions (GET /api/audit/actions)',
    run: auditActions,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },

  // ---- Alliance administration (issue 19): teacher import ----
  ...withToken({
    op: 'downloads the teacher-import template (GET /api/admin/teacher-import/template.xlsx)',
    run: downloadImportTemplate,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  }),
  ...withToken({
    op: 'previews a one-row roster of school A (POST /api/admin/teacher-import/preview)',
    run: previewTeacherImport,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  }),
  ...withToken({
    op: 'imports a one-row roster of school A (POST /api/admin/teacher-import)',
    run: importOneTeacher,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  }),

  // ---- Alliance administration (issue 19): exchange teachers and terms ----
  {
    op: 'sends a fresh teacher of school A on an exchange to school B',
    run: postAffiliation('A', 'B'),
    expect: signedIn(403, { schoolAdmin: 201, allianceAdmin: 201 }),
  },
  {
    op: 'receives a fresh teacher of school B on an exchange at school A',
    run: postAffiliation('B', 'A'),
    expect: signedIn(403, { schoolAdmin: 201, allianceAdmin: 201 }),
  },
  {
    op: 'sends a fresh teacher of school B on an exchange to school C',
    run: postAffiliation('B', 'C'),
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  {
    op: 'ends early an exchange of a fresh teacher of school B at school A',
    run: changeAffiliation('B', 'A', 'PATCH'),
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'ends early an exchange of a fresh teacher of school B at school C',
    run: changeAffiliation('B', 'C', 'PATCH'),
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'deletes an exchange of a fresh teacher of school A at school C',
    run: changeAffiliation('A', 'C', 'DELETE'),
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'deletes an exchange of a fresh teacher of school B at school C',
    run: changeAffiliation('B', 'C', 'DELETE'),
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'lists the exchange affiliations',
    run: async (caller) => (await call(caller, 'GET', '/api/admin/affiliations')).status,
    expect: signedIn(403, { schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'lists the terms of the groups',
    run: async (caller) => (await call(caller, 'GET', '/api/admin/terms')).status,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'rolls over a term that no group uses',
    run: rolloverUnusedTerm,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },
  {
    op: 'rolls over a term with a group made for the cell',
    run: rolloverOwnGroup,
    expect: signedIn(403, { allianceAdmin: 200 }),
  },

  // ---- Alliance administration (issue 19): my account and task edits ----
  ...withToken({
    op: 'moves the due date of a fresh task of G (PATCH /api/tasks/:id)',
    run: moveTaskOfG,
    expect: signedIn(403, { lead: 200 }),
  }),
  {
    op: 'hands a fresh task of G to another member (PATCH /api/tasks/:id)',
    run: handTaskOfGToMember,
    expect: signedIn(403, { lead: 200 }),
  },
  {
    op: 'edits an unknown task (PATCH /api/tasks/:id)',
    run: editUnknownTask,
    expect: signedIn(404),
  },

  // ---- 听评课 (issue 22): rubrics, observations, sheets, the report and its follow-up ----
  { op: 'lists the rubrics (GET /api/rubrics)', run: readRubrics, expect: signedIn(200) },
  { op: 'reads a rubric (GET /api/rubrics/:id)', run: readRubric, expect: signedIn(200) },
  {
    op: 'reads a rubric version (GET /api/rubrics/:id/versions/:versionId)',
    run: readRubricVersion,
    expect: signedIn(200),
  },
  {
    op: 'creates a rubric (POST /api/rubrics)',
    run: createRubricRow,
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  {
    op: 'adds a rubric version (POST /api/rubrics/:id/versions)',
    run: newRubricVersion,
    expect: signedIn(403, { allianceAdmin: 201 }),
  },
  {
    op: 'schedules an observation of the owner’s lesson on docGroup (POST /api/observations)',
    run: scheduleOwnersLesson,
    expect: signedIn(403, { lead: 201, schoolAdmin: 201, allianceAdmin: 201 }),
  },
  {
    op: 'schedules an observation of their own lesson on docAlliance (POST /api/observations)',
    run: scheduleOwnLesson,
    expect: signedIn(201),
  },
  {
    op: 'lists the observations they observe (GET /api/observations?scope=observing)',
    run: listObservingObservations,
    expect: signedIn(200),
  },
  {
    op: 'lists the observations of G (GET /api/observations?scope=group)',
    run: listGroupObservations,
    expect: signedIn(403, { lead: 200, schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'searches observer candidates (GET /api/observations/candidates)',
    run: searchObserverCandidates,
    expect: signedIn(200),
  },
  {
    op: 'reads the owner’s observation counts (GET /api/observations/counts)',
    run: readOwnerObservationCounts,
    expect: signedIn(404, { lead: 200, schoolAdmin: 200, allianceAdmin: 200 }),
  },
  {
    op: 'reads G’s observation setting (GET /api/observations/settings/:groupId)',
    run: readObservationSettings,
    expect: signedIn(404, { ...SEES_OBSERVATION, observer: 200 }),
  },
  {
    op: 'sets G’s observation setting (PUT /api/observations/settings/:groupId)',
    run: writeObservationSettings,
    expect: signedIn(404, {
      groupMemberOtherSchool: 403,
      observer: 403,
      lead: 200,
      schoolAdmin: 403,
      allianceAdmin: 200,
    }),
  },
  {
    op: 'reads an observation of the owner’s lesson (GET /api/observations/:id)',
    run: readObservation,
    expect: signedIn(404, SEES_OBSERVATION),
  },
  {
    op: 'reads the pinned plan of an observation (GET /api/observations/:id/plan)',
    run: readPinnedPlan,
    expect: signedIn(404, SEES_OBSERVATION),
  },
  {
    op: 'closes a fresh observation (POST /api/observations/:id/close)',
    run: closeFreshObservation,
    expect: signedIn(404, { ...SEES_OBSERVATION, groupMemberOtherSchool: 403 }),
  },
  {
    op: 'picks a LICC observation point (PUT /api/observations/:id/points)',
    run: pickLiccPoints,
    expect: SHEET_ONLY,
  },
  {
    op: 'reads their sheet (GET /api/observations/:id/sheet)',
    run: sheetWrite('GET', ''),
    expect: SHEET_ONLY,
  },
  {
    op: 'writes a note (PUT /api/observations/:id/sheet/notes/:noteId)',
    run: sheetWrite('PUT', '/notes/matrix-note-0001', () => ({
      step: null,
      text: '记录',
      at: LESSON_AT,
      editedAt: LESSON_AT,
    })),
    expect: SHEET_ONLY,
  },
  {
    op: 'writes a timing (PUT /api/observations/:id/sheet/timings)',
    run: sheetWrite('PUT', '/timings', () => ({ step: 'end', at: LESSON_AT + 45 * 60_000 })),
    expect: SHEET_ONLY,
  },
  {
    op: 'writes scores (PUT /api/observations/:id/sheet/scores)',
    run: sheetWrite('PUT', '/scores', () => ({ scores: [{ point: 'goals.1', value: 5 }] })),
    expect: SHEET_ONLY,
  },
  {
    op: 'writes a bonus (PUT /api/observations/:id/sheet/bonus)',
    run: sheetWrite('PUT', '/bonus', () => ({ bonus: [{ key: 'bonus.style', value: 1 }] })),
    expect: SHEET_ONLY,
  },
  {
    op: 'writes comments (PUT /api/observations/:id/sheet/comments)',
    run: sheetWrite('PUT', '/comments', () => ({ strengths: '好', suggestions: [] })),
    expect: SHEET_ONLY,
  },
  {
    op: 'submits their sheet (POST /api/observations/:id/sheet/submit)',
    run: sheetWrite('POST', '/submit'),
    expect: SHEET_ONLY,
  },
  {
    op: 'reads the report of an open observation (GET /api/observations/:id/report)',
    run: readOpenReport,
    expect: signedIn(404, { ...SEES_OBSERVATION, groupMemberOtherSchool: 409 }),
  },
  {
    op: 'reads the report of a closed observation (GET /api/observations/:id/report)',
    run: readClosedReport,
    expect: signedIn(404, SEES_OBSERVATION),
  },
  {
    op: 'exports the report of an open observation (GET /api/observations/:id/report.docx)',
    run: exportReport('open', 'docx'),
    expect: asFile(signedIn(404, { ...SEES_OBSERVATION, groupMemberOtherSchool: 409 })),
  },
  {
    op: 'exports the report of a closed observation (GET /api/observations/:id/report.docx)',
    run: exportReport('closed', 'docx'),
    expect: asFile(signedIn(404, SEES_OBSERVATION)),
  },
  {
    op: 'exports the report of a closed observation as PDF (GET /api/observations/:id/report.pdf)',
    run: exportReport('closed', 'pdf'),
    expect: asFile(signedIn(404, SEES_OBSERVATION)),
  },
  {
    op: 'starts the 评课 meeting from a report (POST /api/observations/:id/meeting)',
    run: startReviewMeeting,
    expect: signedIn(404, {
      groupMemberOtherSchool: 403,
      lead: 201,
      schoolAdmin: 403,
      allianceAdmin: 403,
    }),
  },
  {
    op: 'sends a suggestion onto the plan (POST /api/observations/:id/suggestions/:sid/comment)',
    run: sendSuggestionToPlan,
    expect: signedIn(404, {
      groupMemberOtherSchool: 201,
      lead: 201,
      schoolAdmin: 201,
      allianceAdmin: 201,
    }),
  },
  // ---- 师徒结对 (issue 23): pairs, requests, guidance and progress ----
  {
    op: 'lists the pairs they see (GET /api/mentoring/pairs)',
    run: listPairs,
    expect: signedIn(200),
  },
  {
    op: 'reads a pair (GET /api/mentoring/pairs/:id)',
    run: readPair,
    expect: signedIn(404, SEES_PAIR),
  },
  {
    op: 'reads a pair’s duty progress (GET /api/mentoring/pairs/:id/progress)',
    run: readPairProgress,
    expect: signedIn(404, SEES_PAIR),
  },
  {
    op: 'pairs the owner with groupMemberOtherSchool in G (POST /api/mentoring/pairs)',
    run: createPairRow,
    expect: signedIn(403, { lead: 201, schoolAdmin: 201, allianceAdmin: 201 }),
  },
  {
    op: 'edits a pair’s goals (PATCH /api/mentoring/pairs/:id)',
    run: editPair,
    expect: signedIn(404, {
      groupMemberOtherSchool: 403,
      lead: 200,
      schoolAdmin: 200,
      allianceAdmin: 200,
    }),
  },
  {
    op: 'ends a pair (POST /api/mentoring/pairs/:id/end)',
    run: endPairRow,
    expect: signedIn(404, SEES_PAIR),
  },
  {
    op: 'accepts the owner’s request (POST /api/mentoring/pairs/:id/accept)',
    run: answerPairRequest('accept'),
    expect: signedIn(404, {
      groupMemberOtherSchool: 200,
      lead: 403,
      schoolAdmin: 403,
      allianceAdmin: 403,
    }),
  },
  {
    op: 'declines the owner’s request (POST /api/mentoring/pairs/:id/decline)',
    run: answerPairRequest('decline'),
    expect: signedIn(404, {
      groupMemberOtherSchool: 200,
      lead: 403,
      schoolAdmin: 403,
      allianceAdmin: 403,
    }),
  },
  {
    op: 'hands in docGroup for guidance in the owner’s pair (POST /api/mentoring/pairs/:id/guidance)',
    run: handInForGuidance,
    expect: signedIn(404, {
      groupMemberOtherSchool: 403,
      lead: 403,
      schoolAdmin: 403,
      allianceAdmin: 403,
    }),
  },
  // ---- The alliance dashboard (issue 24) ----
  ...DASHBOARD_ROWS,

  // Last: signing out ends the session (the cell signs in again afterwards).
  { op: 'signs out (POST /api/auth/logout)', run: signOut, expect: signedIn(200) },
]

/** Number of cells: rows × principals. */
const CELLS = matrix.length * PRINCIPALS.length

function who(name: PrincipalName, via: Via): string {
  if (name === 'anonymous') {
    return via === 'token' ? 'anonymous with an unknown API token' : 'anonymous'
  }
  return via === 'token' ? `${name} with an API token` : `${name} with a session cookie`
}

describe(`The authorization matrix (${CELLS} cells)`, () => {
  for (const row of matrix) {
    const via = row.via ?? 'cookie'
    for (const name of PRINCIPALS) {
      const expected = row.expect[name]
      it(`${who(name, via)} ${row.op} and gets ${String(expected)}`, async () => {
        expect(await row.run(callerFor(name, via))).toBe(expected)
      })
    }
  }
})
