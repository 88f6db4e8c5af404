import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { AdminUser, AdminUserStatus } from '../../../../../shared/domain.ts'

/** The status of an account: disabled, waiting for its first sign-in (no password), or active. */
export function statusOf(user: Pick<AdminUser, 'disabled' | 'hasPassword'>): AdminUserStatus {
  if (user.disabled) return 'disabled'
  return user.hasPassword ? 'active' : 'pending'
}

const COLORS: Record<AdminUserStatus, string> = {
  active: 'green',
  disabled: 'red',
  pending: 'orange',
}

/** 正常 / 已停用 / 待激活 as a coloured tag. */
export function UserStatusTag({ user }: { user: AdminUser }) {
  const { t } = useTranslation()
  const status = statusOf(user)
  return (
    <Tag color={COLORS[status]} data-testid={`user-status-${user.username}`}>
      {t(`admin.users.status.${status}`)}
    </Tag>
  )
}
