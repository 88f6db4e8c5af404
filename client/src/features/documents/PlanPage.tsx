import { Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ApiError } from '../../api/ApiError.ts'
import { NoPermissionPage, NotFoundPage, UnreachablePage } from '../../components/ErrorPages.tsx'
import { useMe } from '../identity/index.ts'
import { ProvenanceBanner } from '../library/index.ts'
import { PlanMeetingBar } from '../meetings/index.ts'
import { PlanLifecyclePanel } from '../prep/index.ts'
import { useDocument } from './api.ts'
import { MinutesEditor } from './editor/MinutesEditor.tsx'
import { PlanEditor } from './editor/PlanEditor.tsx'

/** `/plans/<documentId>`: the plan editor, or why it cannot be shown. */
export function PlanPage() {
  const { t } = useTranslation()
  const { documentId = '' } = useParams()
  const document = useDocument(documentId)
  const me = useMe()
  if (document.isPending || !me.data) return <Spin tip={t('plan.loading')} fullscreen />
  if (document.isError) {
    const error = document.error
    if (error instanceof ApiError && error.status === 404) return <NotFoundPage />
    if (error instanceof ApiError && error.status === 403) return <NoPermissionPage />
    return <UnreachablePage onRetry={() => void document.refetch()} />
  }
  return (
    <>
      <ProvenanceBanner documentId={documentId} canEdit={document.data.permission === 'edit'} />
      <PlanLifecyclePanel key={documentId} document={document.data} user={me.data} />
      {document.data.kind === 'lesson_plan' && <PlanMeetingBar documentId={documentId} />}
      {document.data.kind === 'minutes' ? (
        <MinutesEditor key={documentId} document={document.data} user={me.data} />
      ) : (
        <PlanEditor key={documentId} document={document.data} user={me.data} />
      )}
    </>
  )
}
