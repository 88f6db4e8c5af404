import type { FormRule } from 'antd'
import type { TFunction } from 'i18next'

/** The rules of a new password (the server's: 8 to 200 characters). */
export function passwordRules(t: TFunction, field: string): FormRule[] {
  return [
    { required: true, message: t('setup.required', { field }) },
    { min: 8, message: t('setup.passwordShort') },
    { max: 200, message: t('setup.passwordLong') },
  ]
}

/** The rules of "confirm password" (`label`): required, and equal to the field `passwordName`. */
export function confirmRules(t: TFunction, passwordName: string, label: string): FormRule[] {
  return [
    { required: true, message: t('setup.required', { field: label }) },
    ({ getFieldValue }) => ({
      validator: (_rule, value: unknown) =>
        !value || getFieldValue(passwordName) === value
          ? Promise.resolve()
          : Promise.reject(new Error(t('setup.passwordMismatch'))),
    }),
  ]
}
