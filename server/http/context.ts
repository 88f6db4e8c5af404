import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import type { ZodType } from 'zod'
import type { ConnectionIndex } from '../collab/ConnectionIndex.ts'
import type { DocumentRegistry } from '../collab/DocumentRegistry.ts'
import type { SqlExecutor } from '../db/executor.ts'
import type { AppKysely } from '../db/kysely.ts'
import { badRequest, unauthorized } from '../domainError.ts'
import type { BinderJobs } from '../features/export/index.ts'
import type { VersionRecorder } from '../features/history/index.ts'
import type { LoginThrottle, Principal } from '../features/identity/index.ts'
import type { LibrarySearch } from '../features/library/index.ts'
import type { MeetingHub } from '../features/meetings/index.ts'
import type { Logger } from '../logger.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { DocumentQuota } from './quotas.ts'

/** Everything route handlers need, created once per server. */
export interface ApiServices {
  /** The metadata database (users, groups, documents' metadata, library, …): native SQL on both engines. */
  kdb: AppKysely
  /** Runs `kdb`'s statements; transactions go through it (`inTransaction`). */
  executor: SqlExecutor
  /** Collaborative content storage (new plans get their template written here). */
  store: DocumentStore
  /** The open documents: server-side changes (`change`) and current states (`encodeState`). */
  registry: DocumentRegistry
  /** Live teaching-research meetings (集体研讨): their state, streams and attendance. */
  meetings: MeetingHub
  /** Writes a document's versions (automatic, named, milestones) with their editors. */
  versions: VersionRecorder
  /** Full-text index of the shared library. */
  librarySearch: LibrarySearch
  /** Documents one user may create per hour and per day (`DOCUMENTS_PER_HOUR`, `…_PER_DAY`). */
  documentQuota: DocumentQuota
  /** Folder of uploaded images (`<DATA_DIR>/uploads`); exists once the server started. */
  uploadsDir: string
  /** Term binder builds (学期备课册): rows in the database, files in `<DATA_DIR>/binders`. */
  binders: BinderJobs
  throttle: LoginThrottle
  connections: ConnectionIndex
  log: Logger
  allowedOrigins: readonly string[]
  trustProxy: boolean
  /** The origin people open (`PUBLIC_URL`), for links the server hands out; null: the request's. */
  publicUrl: string | null
  /** Re-checks the open websockets and meeting streams of these users after their access changed. */
  recheckAccess(userIds: Iterable<string>): Promise<void>
  /** Re-checks every open websocket and meeting stream of a document after its access changed. */
  recheckDocument(documentId: string): Promise<void>
}

/** Hono environment of the API: per-request variables. */
export interface AppEnv {
  Variables: {
    principal: Principal | null
    clientAddress: string
    services: ApiServices
  }
}

/** The signed-in principal, or a 401. */
export function requirePrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get('principal')
  if (!principal) throw unauthorized()
  return principal
}

function describeIssues(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>
}): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
    .join('; ')
}

/** Validates the JSON body with a zod schema; failures become 400 with the field errors. */
export const jsonBody = <T extends ZodType>(schema: T) =>
  zValidator('json', schema, (result) => {
    if (!result.success) throw badRequest(describeIssues(result.error))
  })

/** Validates the query string with a zod schema; failures become 400. */
export const queryOf = <T extends ZodType>(schema: T) =>
  zValidator('query', schema, (result) => {
    if (!result.success) throw badRequest(describeIssues(result.error))
  })

/**
 * The origin to put in links the server hands out (one-time sign-in links): `PUBLIC_URL` when
 * set, else the origin the request came to (through a trusted proxy, the forwarded one).
 */
export function publicOrigin(c: Context<AppEnv>): string {
  const { publicUrl, trustProxy } = c.var.services
  if (publicUrl) return publicUrl
  const url = new URL(c.req.url)
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
    if (proto) url.protocol = `${proto}:`
    if (host) url.host = host
  }
  return url.origin
}
