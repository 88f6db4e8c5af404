import { Spin } from 'antd'
import { Navigate, useParams } from 'react-router'
import { NotFoundPage } from '../../components/ErrorPages.tsx'
import { useObservation } from './api.ts'

/**
 * `/observations/:id` (where notifications lead): an observer of an open lesson goes to their
 * sheet, everyone else to the report.
 */
export function ObservationEntry() {
  const { observationId } = useParams()
  const info = useObservation(observationId ?? '')
  if (!observationId) return <NotFoundPage />
  if (info.isPending) return <Spin />
  const sheet = info.data?.roles.observer && info.data.status === 'scheduled'
  return <Navigate to={`/observations/${observationId}/${sheet ? 'sheet' : 'report'}`} replace />
}
