import { describe, expect, it } from 'vitest'
import { Connection } from '../../server/collab/Connection.ts'
import { type ConnectionIdentity, ConnectionIndex } from '../../server/collab/ConnectionIndex.ts'
import { createLogger } from '../../server/logger.ts'
import { RecordingSocket } from '../helpers/RecordingSocket.ts'

const log = createLogger('silent')

function open(
  index: ConnectionIndex,
  identity: ConnectionIdentity,
): { connection: Connection; socket: RecordingSocket } {
  const socket = new RecordingSocket()
  const shared = index.sharedIdentity(identity)
  const connection = new Connection(socket, 'doc', log, { identity: shared, readOnly: false })
  index.add(connection, shared)
  connection.onClose((closed) => index.remove(closed, shared))
  return { connection, socket }
}

describe('ConnectionIndex', () => {
  it('gives the connections of one session one identity object, and others their own', () => {
    const index = new ConnectionIndex()
    const first = open(index, { userId: 'u1', sessionId: 's1', tokenId: null })
    const second = open(index, { userId: 'u1', sessionId: 's1', tokenId: null })
    const otherSession = open(index, { userId: 'u1', sessionId: 's2', tokenId: null })
    const token = open(index, { userId: 'u1', sessionId: null, tokenId: 't1' })
    expect(second.connection.identity).toBe(first.connection.identity)
    expect(otherSession.connection.identity).not.toBe(first.connection.identity)
    expect(token.connection.identity).not.toBe(first.connection.identity)
    expect(token.connection.identity).toEqual({ userId: 'u1', sessionId: null, tokenId: 't1' })
  })

  it('closes exactly the connections of a revoked session, and forgets closed ones', () => {
    const announced: string[] = []
    const index = new ConnectionIndex((revocation) => announced.push(revocation.id))
    const a = open(index, { userId: 'u1', sessionId: 's1', tokenId: null })
    const b = open(index, { userId: 'u1', sessionId: 's1', tokenId: null })
    const c = open(index, { userId: 'u1', sessionId: 's2', tokenId: null })
    b.connection.close(1000, 'left')
    expect(index.closeSession('s1', { code: 4409, reason: 'signed out' })).toBe(1)
    expect(a.socket.closedWith).toBe(4409)
    expect(b.socket.closedWith).toBe(1000)
    expect(c.socket.closedWith).toBeNull()
    expect(announced).toEqual(['s1'])
    expect(index.connectionsOf('u1')).toEqual([c.connection])
  })
})
