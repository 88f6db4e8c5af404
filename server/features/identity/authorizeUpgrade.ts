import type { IncomingMessage } from 'node:http'
import { planIdOfRoom } from '../../../shared/comments/rooms.ts'
import type { ConnectionAccess } from '../../collab/Connection.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { isAllowedOrigin } from '../../http/origin.ts'
import {
  documentPermission,
  loadDocumentRow,
  loadSubject,
  roomWritable,
} from '../documents/index.ts'
import { resolvePrincipal } from './principal.ts'

/** The outcome of checking a websocket upgrade. */
export type UpgradeDecision =
  | { ok: true; access: ConnectionAccess }
  | { ok: false; status: 401 | 403 | 404; reason: string }

/** What the check needs. */
export interface UpgradeAuthDeps {
  /** The principal, the document and the memberships are read here. */
  kdb: AppKysely
  allowedOrigins: readonly string[]
}

/**
 * Checks an upgrade to `/collab/<documentId>`, in this order: a cookie-authenticated upgrade
 * must come from an allowed Origin (cross-site websocket hijacking; a token-authenticated one,
 * from a script, need not); then the session or token; then the permission on the document
 * (a comments room is read-only for everyone: view reads it; see roomAccess.ts).
 */
export async function authorizeUpgrade(
  deps: UpgradeAuthDeps,
  request: IncomingMessage,
  documentId: string,
): Promise<UpgradeDecision> {
  const queryToken = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token')
  const authorization = request.headers.authorization
  const usesToken = Boolean(queryToken) || /^Bearer\s/i.test(authorization ?? '')
  if (!usesToken && request.headers.cookie) {
    if (!isAllowedOrigin(request.headers.origin, request.headers.host, deps.allowedOrigins)) {
      return { ok: false, status: 403, reason: 'origin not allowed' }
    }
  }
  const principal = await resolvePrincipal(deps.kdb, {
    cookieHeader: request.headers.cookie,
    authorization,
    queryToken: queryToken ?? undefined,
  })
  if (!principal) return { ok: false, status: 401, reason: 'not signed in' }
  // A comments room (`<id>.comments`) is authorized against its plan.
  const doc = await loadDocumentRow(deps.kdb, planIdOfRoom(documentId))
  if (!doc || doc.deletedAt !== null) return { ok: false, status: 404, reason: 'no such document' }
  const permission = documentPermission(await loadSubject(deps.kdb, principal.user), doc)
  if (permission === 'none') return { ok: false, status: 403, reason: 'no permission' }
  return {
    ok: true,
    access: {
      identity: {
        userId: principal.user.id,
        sessionId: principal.sessionId,
        tokenId: principal.tokenId,
        displayName: principal.user.displayName,
        schoolId: principal.user.schoolId,
        schoolName: principal.user.schoolName,
      },
      readOnly: !roomWritable(documentId, permission),
    },
  }
}
