import { App, Button, Dropdown, Flex } from 'antd'
import { useTranslation } from 'react-i18next'
import type { AdminUser } from '../../../../../shared/domain.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import {
  type SignInLink,
  useSignInLinkMutation,
  useUnlockUserMutation,
  useUpdateUserMutation,
} from './api.ts'

/** The row actions of an account: edit, disable/enable, reset password (to a link), unlock. */
export function UserActions(props: {
  user: AdminUser
  isSelf: boolean
  onEdit: () => void
  onLink: (link: SignInLink) => void
}) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const update = useUpdateUserMutation()
  const signInLink = useSignInLinkMutation()
  const unlock = useUnlockUserMutation()
  const { user } = props
  const name = user.displayName

  function toggleDisabled() {
    const disabled = !user.disabled
    modal.confirm({
      title: t(disabled ? 'admin.users.confirm.disable' : 'admin.users.confirm.enable', { name }),
      okText: t('admin.users.confirm.ok'),
      cancelText: t('admin.users.confirm.cancel'),
      okButtonProps: { danger: disabled },
      onOk: async () => {
        try {
          await update.mutateAsync({ id: user.id, changes: { disabled } })
          message.success(t(disabled ? 'admin.users.done.disabled' : 'admin.users.done.enabled'))
        } catch (error) {
          message.error(apiErrorMessage(t, error))
        }
      },
    })
  }

  function resetPassword() {
    modal.confirm({
      title: t('admin.users.confirm.resetPassword', { name }),
      okText: t('admin.users.confirm.ok'),
      cancelText: t('admin.users.confirm.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          props.onLink(await signInLink.mutateAsync(user.id))
        } catch (error) {
          message.error(apiErrorMessage(t, error))
        }
      },
    })
  }

  async function unlockAccount() {
    try {
      await unlock.mutateAsync(user.id)
      message.success(t('admin.users.done.unlocked'))
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }

  const testId = (action: string) => `user-${action}-${user.username}`
  const more = [
    {
      key: 'toggle',
      danger: !user.disabled,
      label: t(user.disabled ? 'admin.users.actions.enable' : 'admin.users.actions.disable'),
      onClick: toggleDisabled,
      'data-testid': testId(user.disabled ? 'enable' : 'disable'),
    },
    {
      key: 'reset',
      label: t('admin.users.actions.resetPassword'),
      onClick: resetPassword,
      'data-testid': testId('reset'),
    },
    {
      key: 'unlock',
      label: t('admin.users.actions.unlock'),
      onClick: unlockAccount,
      'data-testid': testId('unlock'),
    },
  ]
  return (
    <Flex gap={4}>
      <Button size="small" type="link" onClick={props.onEdit} data-testid={testId('edit')}>
        {t('admin.users.actions.edit')}
      </Button>
      {!props.isSelf && (
        <Dropdown menu={{ items: more }} trigger={['click']}>
          <Button size="small" type="link" data-testid={testId('more')}>
            {t('admin.users.actions.more')}
          </Button>
        </Dropdown>
      )}
    </Flex>
  )
}
