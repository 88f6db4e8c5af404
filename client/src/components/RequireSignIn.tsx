import { Spin } from 'antd'
import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { useMe } from '../features/identity/index.ts'
import { UnreachablePage } from './ErrorPages.tsx'

/** Shows its children to signed-in users and sends everyone else to the sign-in page. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const me = useMe()
  const location = useLocation()
  if (me.isPending) return <Spin fullscreen />
  if (me.isError) return <UnreachablePage onRetry={() => void me.refetch()} />
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search)
    return <Navigate to={`/sign-in?next=${next}`} replace />
  }
  return children
}
