import { CloseCode } from '../../../shared/closeCodes.ts'
import { planIdOfRoom } from '../../../shared/comments/rooms.ts'
import type { Connection } from '../../collab/Connection.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { loadPublicUser } from '../identity/index.ts'
import { documentPermission, roomWritable } from './policy.ts'
import { loadDocumentRow, loadSubject } from './queries.ts'

/**
 * Re-evaluates open connections after memberships or document access changed: a connection that
 * lost access is closed with AccessRevoked (no reconnect); one whose level changed (edit ↔ view)
 * with AccessChanged, so that the client reconnects with the new level. A comments room is
 * checked against its plan (and is read-only for everyone: `roomWritable` in policy.ts). `db` is
 * for the identity feature (not on Kysely yet); the documents' own queries use its Kysely twin.
 */
export async function recheckConnections(
  kdb: AppKysely,
  connections: Iterable<Connection>,
): Promise<void> {
  for (const connection of connections) {
    const identity = connection.identity
    if (!identity || connection.isClosed) continue
    const user = await loadPublicUser(kdb, identity.userId)
    if (!user) {
      connection.close(CloseCode.CredentialsRevoked, 'account disabled')
      continue
    }
    const doc = await loadDocumentRow(kdb, planIdOfRoom(connection.documentId))
    const permission = doc ? documentPermission(await loadSubject(kdb, user), doc) : 'none'
    if (permission === 'none') {
      connection.close(CloseCode.AccessRevoked, 'you no longer have access to this document')
    } else if (connection.readOnly === roomWritable(connection.documentId, permission)) {
      connection.close(CloseCode.AccessChanged, 'your access changed; reconnecting')
    }
  }
}
