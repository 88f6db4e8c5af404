import type { Connection } from './Connection.ts'

/** Who a connection was authenticated as. */
export interface ConnectionIdentity {
  userId: string
  sessionId: string | null
  tokenId: string | null
  /** How others see the user in presence (the server stamps it over what the client claims). */
  displayName?: string
  schoolId?: string
  schoolName?: string
}

/** The code and reason used when credentials are revoked. */
export interface RevocationClose {
  code: number
  reason: string
}

/** A credential whose websockets must close, on every instance. */
export interface Revocation extends RevocationClose {
  scope: 'session' | 'token' | 'user'
  id: string
}

const KEY_PREFIX: Record<Revocation['scope'], string> = { session: 's', token: 't', user: 'u' }

/**
 * Open connections by user, session and token, so that revoking a credential closes the
 * websockets opened with it — here, and, through `announce`, on the other instances.
 */
export class ConnectionIndex {
  private readonly byKey = new Map<string, Set<Connection>>()

  constructor(
    /** Tells the other instances about a revocation made on this one. */
    private readonly announce: (revocation: Revocation) => void = () => undefined,
  ) {}

  /** Registers a connection under its identity. */
  add(connection: Connection, identity: ConnectionIdentity): void {
    for (const key of this.keys(identity)) {
      let set = this.byKey.get(key)
      if (!set) {
        set = new Set()
        this.byKey.set(key, set)
      }
      set.add(connection)
    }
  }

  /**
   * The identity object of an open connection authenticated the same way as `identity` (same
   * user, session and token), else `identity` itself: connections opened with one session
   * share one object and its strings instead of holding a copy each.
   */
  sharedIdentity(identity: ConnectionIdentity): ConnectionIdentity {
    const key = this.keys(identity).at(-1) as string
    for (const connection of this.byKey.get(key) ?? []) {
      const known = connection.identity
      if (
        known &&
        known.userId === identity.userId &&
        known.sessionId === identity.sessionId &&
        known.tokenId === identity.tokenId
      )
        return known
    }
    return identity
  }

  /** Forgets a closed connection. */
  remove(connection: Connection, identity: ConnectionIdentity): void {
    for (const key of this.keys(identity)) {
      const set = this.byKey.get(key)
      set?.delete(connection)
      if (set?.size === 0) this.byKey.delete(key)
    }
  }

  /** Closes the connections opened with a session, on every instance; returns how many here. */
  closeSession(sessionId: string, close: RevocationClose): number {
    return this.revoke({ scope: 'session', id: sessionId, ...close })
  }

  /** Closes the connections opened with an API token, on every instance. */
  closeToken(tokenId: string, close: RevocationClose): number {
    return this.revoke({ scope: 'token', id: tokenId, ...close })
  }

  /** Closes every connection of a user, on every instance. */
  closeUser(userId: string, close: RevocationClose): number {
    return this.revoke({ scope: 'user', id: userId, ...close })
  }

  /** Carries out a revocation another instance announced (closes this instance's connections). */
  applyRevocation(revocation: Revocation): number {
    return this.closeKey(`${KEY_PREFIX[revocation.scope]}:${revocation.id}`, revocation)
  }

  private revoke(revocation: Revocation): number {
    this.announce(revocation)
    return this.applyRevocation(revocation)
  }

  /** How many connections of a user are open on this instance. */
  countOf(userId: string): number {
    return this.byKey.get(`u:${userId}`)?.size ?? 0
  }

  /** The open connections of a user (for re-checking permissions). */
  connectionsOf(userId: string): Connection[] {
    return [...(this.byKey.get(`u:${userId}`) ?? [])]
  }

  private closeKey(key: string, close: RevocationClose): number {
    const set = this.byKey.get(key)
    if (!set) return 0
    const connections = [...set]
    for (const connection of connections) connection.close(close.code, close.reason)
    return connections.length
  }

  private keys(identity: ConnectionIdentity): string[] {
    const keys = [`u:${identity.userId}`]
    if (identity.sessionId) keys.push(`s:${identity.sessionId}`)
    if (identity.tokenId) keys.push(`t:${identity.tokenId}`)
    return keys
  }
}
