import { Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ApiError } from '../api/ApiError.ts'
import { useDocument, useMe } from '../api/queries.ts'
import { PlanEditor } from '../editor/PlanEditor.tsx'
import { ProvenanceBanner } from '../library/ProvenanceBanner.tsx'
import { PlanLifecyclePanel } from '../lifecycle/PlanLifecyclePanel.tsx'
import { MinutesEditor } from '../session/MinutesEditor.tsx'
import { PlanSessionBar } from '../session/PlanSessionBar.tsx'
import { NoPermissionPage, NotFoundPage, UnreachablePage } from './ErrorPages.tsx'

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
      {document.data.kind === 'lesson_plan' && <PlanSessionBar documentId={documentId} />}
      {document.data.kind === 'minutes' ? (
        <MinutesEditor key={documentId} document={document.data} user={me.data} />
      ) : (
        <PlanEditor key={documentId} document={document.data} user={me.data} />
      )}
    </>
  )
}
