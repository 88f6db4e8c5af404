import { EditorContent } from '@tiptap/react'
import { Alert, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { DocumentInfo, PublicUser } from '../../../../../shared/domain.ts'
import { RECORD_FRAGMENT, recordExtensions } from '../../../../../shared/meetings/recordSchema.ts'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { PresenceBar } from './PresenceBar.tsx'
import { type Collaboration as CollaborationState, useCollaboration } from './useCollaboration.ts'
import { useCollaborativeEditor } from './useCollaborativeEditor.ts'
import './minutesEditor.css'

/** The co-edited minutes (集体备课记录) of a meeting; the server keeps its lists up to date. */
export function MinutesEditor({ document, user }: { document: DocumentInfo; user: PublicUser }) {
  const collab = useCollaboration(document.id)
  if (!collab) return null
  return <CollaborativeMinutes document={document} user={user} collab={collab} />
}

function CollaborativeMinutes({
  document,
  user,
  collab,
}: {
  document: DocumentInfo
  user: PublicUser
  collab: CollaborationState
}) {
  const { t } = useTranslation()
  const canEdit = document.permission === 'edit' && !collab.refused
  const { editor, participants } = useCollaborativeEditor({
    collab,
    user,
    canEdit,
    field: RECORD_FRAGMENT,
    extensions: recordExtensions({ collaboration: true }),
    attributes: { class: 'minutes-editor', 'data-testid': 'minutes-editor', lang: 'zh-CN' },
  })

  return (
    <div className="plan-page">
      <div className="plan-topbar">
        <Typography.Title level={4} className="plan-title">
          {document.title}
        </Typography.Title>
        <ConnectionIndicator state={collab.state} />
      </div>
      <PresenceBar participants={participants} />
      {!canEdit && <Alert type="info" showIcon message={t('session.minutes.readOnly')} />}
      <div className="plan-sheet">
        <EditorContent editor={editor} />
      </div>
    </div>
  )
}
