import { Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { confirmRules, passwordRules } from './passwordRules.ts'

/** What the pair of fields is called and how tests find it. */
interface NewPasswordFieldsProps {
  /** The form field of the password (the confirmation is `confirm`). */
  name: string
  label: string
  confirmLabel: string
  /** Prefix of the two test ids: `<prefix>-password` / `<prefix>-confirm` unless given. */
  testIds: { password: string; confirm: string }
  autoFocus?: boolean
  /** Help under the password (the length rule by default). */
  extra?: string
}

/**
 * A new password and its confirmation, with the server's length rules and a per-field
 * message in the user's language (set-up, welcome link, my account).
 */
export function NewPasswordFields({
  name,
  label,
  confirmLabel,
  testIds,
  autoFocus,
  extra,
}: NewPasswordFieldsProps) {
  const { t } = useTranslation()
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={extra ?? t('setup.passwordHelp')}
        rules={passwordRules(t, label)}
      >
        <Input.Password
          autoFocus={autoFocus}
          autoComplete="new-password"
          data-testid={testIds.password}
        />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={confirmLabel}
        dependencies={[name]}
        rules={confirmRules(t, name, confirmLabel)}
      >
        <Input.Password autoComplete="new-password" data-testid={testIds.confirm} />
      </Form.Item>
    </>
  )
}
