import { Badge } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ConnectionState } from './useCollaboration.ts'

const BADGE: Record<ConnectionState, 'processing' | 'success' | 'warning' | 'error' | 'default'> = {
  connecting: 'processing',
  connected: 'processing',
  saved: 'success',
  reconnecting: 'warning',
  offline: 'error',
}

/** Connected, reconnecting, offline (changes kept on this device) or all changes saved. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { t } = useTranslation()
  return (
    <span className="connection" data-testid="connection-state" data-state={state} role="status">
      <Badge status={BADGE[state]} text={t(`connection.${state}`)} />
    </span>
  )
}
