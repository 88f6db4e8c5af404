import type { TFunction } from 'i18next'
import { isErrorCode } from '../../../shared/errorCodes.ts'
import { ApiError } from './ApiError.ts'

/** The page's own message for a failed API call, in the interface language (never the server's English). */
export function apiErrorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('apiErrors.network')
    if (isErrorCode(error.code)) return t(`apiErrors.${error.code}`)
  }
  return t('apiErrors.unknown')
}
