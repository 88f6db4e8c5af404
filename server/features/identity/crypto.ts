import { createHash, randomBytes } from 'node:crypto'

/** A new opaque id: 128 random bits, base64url (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url')
}

/** A new secret for cookies and API tokens: 256 random bits, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** Hex SHA-256, used to store secrets without storing them. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
