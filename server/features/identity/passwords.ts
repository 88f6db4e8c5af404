import { hash, type Options, verify } from '@node-rs/argon2'

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first recommendation:
 * 19 MiB of memory, 2 iterations, 1 lane.
 */
export const ARGON2_OPTIONS: Options = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
}

/** Hashes a password (PHC string with salt and parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

/**
 * The stored "hash" of an account that has no password yet (imported, or reset): no password
 * verifies against it; the person signs in with a one-time link and chooses one.
 */
export const NO_PASSWORD_HASH = '!'

let dummyHash: Promise<string> | null = null

/**
 * Verifies a password. With no stored hash (unknown user) it verifies against a dummy hash, so
 * the answer takes as long as for a real account and does not reveal which usernames exist.
 */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (storedHash === null || storedHash === NO_PASSWORD_HASH) {
    dummyHash ??= hashPassword('not-a-real-password')
    await verify(await dummyHash, password)
    return false
  }
  try {
    return await verify(storedHash, password)
  } catch {
    return false
  }
}
