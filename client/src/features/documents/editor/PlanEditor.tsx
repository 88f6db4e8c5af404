import { useQueryClient } from '@tanstack/react-query'
import { EditorContent, useEditorState } from '@tiptap/react'
import { Alert, Space, Tag, Typography } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentInfo, PublicUser } from '../../../../../shared/domain.ts'
import { planExtensions } from '../../../../../shared/editor/extensions.ts'
import { minutesSummary } from '../../../../../shared/editor/minutes.ts'
import { PLAN_FRAGMENT } from '../../../../../shared/editor/planSchema.ts'
import { PlanCommentsLayout, usePlanComments } from '../../comments/index.ts'
import { ExportMenu } from '../../export/index.ts'
import { HistoryLink } from '../../history/index.ts'
import { PublishButton } from '../../library/index.ts'
import { prepKeys, useLifecycle } from '../../prep/index.ts'
import { documentKeys } from '../api.ts'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { EditorToolbar } from './EditorToolbar.tsx'
import { KeepSectionsFilled } from './keepSectionsFilled.ts'
import { ListNumberInput } from './listNumberInput.ts'
import { withNodeViews } from './nodeViews.tsx'
import { PresenceBar } from './PresenceBar.tsx'
import { StepTabNavigation } from './stepNavigation.ts'
import { type Collaboration as CollaborationSession, useCollaboration } from './useCollaboration.ts'
import { useCollaborativeEditor } from './useCollaborativeEditor.ts'

/** A plan's metadata, the caller's permission, and whether the caller may publish it. */
export type PlanDocument = DocumentInfo & { canPublish: boolean }

/** How often, at most, typing refreshes one's "last active" time in the presence bar. */
const ACTIVITY_REFRESH_MS = 10_000

/** The collaborative lesson-plan editor (once the collaboration session is set up). */
export function PlanEditor({ document, user }: { document: PlanDocument; user: PublicUser }) {
  const collab = useCollaboration(document.id)
  if (!collab) return null
  return <CollaborativePlan document={document} user={user} collab={collab} />
}

function CollaborativePlan({
  document,
  user,
  collab,
}: {
  document: PlanDocument
  user: PublicUser
  collab: CollaborationSession
}) {
  const { t } = useTranslation()
  const canEdit = document.permission === 'edit' && !collab.refused
  const comments = usePlanComments(document.id)
  // A 个案 is stored as a draft of its owner's; its stage is 个案 (the life-cycle query is shared).
  const personal = useLifecycle(document.id).data?.personal === true
  const queryClient = useQueryClient()
  // The server says our access changed (signed off, reopened…): show the new stage at once.
  useEffect(() => {
    if (collab.accessChanges === 0) return
    void queryClient.invalidateQueries({ queryKey: documentKeys.detail(document.id) })
    void queryClient.invalidateQueries({ queryKey: prepKeys.lifecycle(document.id) })
  }, [collab.accessChanges, queryClient, document.id])
  const { editor, presenceUser, participants } = useCollaborativeEditor({
    collab,
    user,
    canEdit,
    field: PLAN_FRAGMENT,
    extensions: [
      ...withNodeViews(planExtensions({ collaboration: true })),
      KeepSectionsFilled,
      StepTabNavigation,
      ListNumberInput,
    ],
    overlays: [comments.extension],
    // The text is written in Chinese: lang keeps English mode from picking Japanese glyphs.
    attributes: { class: 'plan-editor', 'data-testid': 'plan-editor', lang: 'zh-CN' },
  })

  // Typing keeps the presence entry "active"; a quiet minute shows the person as idle.
  useEffect(() => {
    let last = 0
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin === collab.provider) return
      const now = Date.now()
      if (now - last < ACTIVITY_REFRESH_MS) return
      last = now
      collab.provider.awareness.setLocalStateField('user', { ...presenceUser, lastActive: now })
    }
    collab.doc.on('update', onUpdate)
    return () => collab.doc.off('update', onUpdate)
  }, [collab.doc, collab.provider, presenceUser])

  const liveTitle = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const title = current?.state.doc.firstChild?.attrs.lessonTitle
      return typeof title === 'string' && title.trim() ? title : null
    },
  })
  const minutes = useEditorState({
    editor,
    selector: ({ editor: current }) => (current ? minutesSummary(current.getJSON()) : null),
  })

  return (
    <div className="plan-page">
      <div className="plan-topbar">
        <div>
          <Typography.Title level={4} className="plan-title" lang="zh-CN">
            {liveTitle ?? document.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {[document.subject, document.grade, document.textbookEdition, document.unit]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>{' '}
          <Tag color="blue">
            {personal ? t('prep.stages.personal') : t(`status.${document.status}`)}
          </Tag>
        </div>
        <Space wrap>
          <HistoryLink documentId={document.id} />
          <ExportMenu target={{ kind: 'plan', documentId: document.id }} />
          {document.canPublish && document.status === 'final' && (
            <PublishButton documentId={document.id} />
          )}
          <ConnectionIndicator state={collab.state} />
        </Space>
      </div>
      <PresenceBar participants={participants} />
      {/* With 'comment' the plan's stage is the reason; the life-cycle bar explains it. */}
      {!canEdit && document.permission !== 'comment' && (
        <Alert
          type="info"
          showIcon
          message={t('plan.readOnly')}
          description={t('plan.readOnlyWhy')}
          data-testid="read-only-banner"
        />
      )}
      {collab.discarded && (
        <Alert
          type="warning"
          showIcon
          closable
          message={t('plan.discarded.title')}
          description={t(`plan.discarded.${collab.discarded}`)}
          data-testid="discarded-banner"
        />
      )}
      {canEdit && editor && <EditorToolbar editor={editor} documentId={document.id} />}
      {minutes && (
        <div
          className={`minutes ${minutes.mismatch ? 'minutes-mismatch' : ''}`}
          data-testid="minutes-summary"
          data-mismatch={minutes.mismatch}
        >
          {t('plan.minutes', { total: minutes.total, period: minutes.period })}
          {minutes.mismatch && <Tag color="warning">{t('plan.minutesMismatch')}</Tag>}
        </div>
      )}
      <PlanCommentsLayout editor={editor} comments={comments} document={document} user={user}>
        <div className="plan-sheet">
          <EditorContent editor={editor} />
        </div>
      </PlanCommentsLayout>
    </div>
  )
}
