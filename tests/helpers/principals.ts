import type { Principal } from '../../server/features/identity/index.ts'
import type { UserRole } from '../../shared/domain.ts'

/** A signed-in principal of `role` for policy unit tests (id and username `<role>-1`). */
export function testPrincipal(
  role: UserRole,
  options: { schoolId?: string; id?: string; affiliatedSchoolIds?: string[] } = {},
): Principal {
  const id = options.id ?? `${role}-1`
  const schoolId = options.schoolId ?? 'school-a'
  return {
    user: {
      id,
      username: id,
      displayName: id,
      schoolId,
      schoolName: schoolId,
      role,
      language: 'zh-CN',
      disabled: false,
      ...(options.affiliatedSchoolIds ? { affiliatedSchoolIds: options.affiliatedSchoolIds } : {}),
    },
    via: 'session',
    sessionId: 'session-1',
    tokenId: null,
  }
}

/** The error code a rule throws, or null when it lets the call through. */
export function refusal(rule: () => void): string | null {
  try {
    rule()
    return null
  } catch (error) {
    return error instanceof Error && 'code' in error ? String(error.code) : 'not a DomainError'
  }
}
