import type { DocumentInfo, PublicUser } from '../../../../shared/domain.ts'
import { useLifecycle } from './api.ts'
import { ComparisonPanel } from './ComparisonPanel.tsx'
import { LifecycleBar } from './LifecycleBar.tsx'
import { ReflectionsPanel } from './ReflectionsPanel.tsx'
import './prep.css'

/**
 * Everything of the preparation life cycle shown above a plan: the stage bar with its actions,
 * and on a 个案 the comparison with the common plan and the reflections. Nothing for documents
 * outside the cycle (no group, not a lesson plan).
 */
export function PlanLifecyclePanel({
  document,
  user,
}: {
  document: DocumentInfo
  user: PublicUser
}) {
  const lifecycle = useLifecycle(document.id)
  if (!lifecycle.data || document.kind !== 'lesson_plan') return null
  const info = lifecycle.data
  if (!info.personal && document.groupId === null) return null
  const isOwner = document.ownerId === user.id
  return (
    <div className="plan-lifecycle">
      <LifecycleBar lifecycle={info} permission={document.permission} />
      {info.personal && (
        <>
          <ComparisonPanel documentId={document.id} canEdit={document.permission === 'edit'} />
          <ReflectionsPanel
            documentId={document.id}
            className={info.className}
            userId={user.id}
            canWrite={isOwner}
          />
        </>
      )}
    </div>
  )
}
