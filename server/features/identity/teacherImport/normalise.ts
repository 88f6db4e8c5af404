/** Field rules of a roster row: phone, e-mail, role and username, normalised or refused. */

/** A phone number as digits; null when it is not one (CN mobile: 11 digits starting with 1). */
export function normalisePhone(value: string): string | null {
  if (!/^\+?[\d\s\-().]+$/.test(value)) return null
  const international = value.startsWith('+')
  let digits = value.replace(/\D/g, '')
  if (international && digits.startsWith('86')) digits = digits.slice(2)
  else if (!international && digits.length === 13 && digits.startsWith('861'))
    digits = digits.slice(2)
  if (digits.length < 7 || digits.length > 15) return null
  // Without a country code, a number starting with 1 is a Chinese mobile: exactly 11 digits.
  if (!international && digits.startsWith('1') && digits.length !== 11) return null
  return digits
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Whether `value` looks like an e-mail address. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value)
}

/** A role cell as an importable role (empty = teacher); null for any other value. */
export function normaliseRole(value: string): 'teacher' | 'school_admin' | null {
  const key = value.toLowerCase().replace(/[\s_]/g, '')
  if (key === '' || key === '教师' || key === '老师' || key === 'teacher') return 'teacher'
  if (key === '学校管理员' || key === 'schooladmin') return 'school_admin'
  return null
}

/** What usernames look like (as for accounts made one by one). */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/

/**
 * The username of a row: as given (lower-cased), else `t` + the phone digits, else the e-mail's
 * local part cleaned; null when the row gives none of them.
 */
export function deriveUsername(given: string, phone: string | null, email: string): string | null {
  if (given !== '') return given.toLowerCase()
  if (phone) return `t${phone}`
  const local = email.split('@')[0] ?? ''
  const cleaned = local
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+/, '')
    .slice(0, 64)
  return cleaned === '' ? null : cleaned.length < 3 ? `t-${cleaned}` : cleaned
}
