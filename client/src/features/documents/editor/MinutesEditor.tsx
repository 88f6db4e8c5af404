import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor } from '@tiptap/react'
import { Alert, Typography } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentInfo, PublicUser } from '../../../../../shared/domain.ts'
import { RECORD_FRAGMENT, recordExtensions } from '../../../../../shared/meetings/recordSchema.ts'
import { ConnectionIndicator } from './ConnectionIndicator.tsx'
import { PresenceBar } from './PresenceBar.tsx'
import { type Collaboration as CollaborationState, useCollaboration } from './useCollaboration.ts'
import { usePresence, usePresenceUser } from './usePresence.ts'
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
  const presenceUser = usePresenceUser(user)
  const editor = useEditor(
    {
      extensions: [
        ...recordExtensions({ collaboration: true }),
        Collaboration.configure({ document: collab.doc, field: RECORD_FRAGMENT }),
        CollaborationCaret.configure({ provider: collab.provider, user: presenceUser }),
      ],
      editable: canEdit,
      editorProps: {
        attributes: { class: 'minutes-editor', 'data-testid': 'minutes-editor', lang: 'zh-CN' },
      },
    },
    [collab.doc],
  )
  useEffect(() => {
    editor?.setEditable(canEdit)
  }, [editor, canEdit])
  // The school colours arrive after the editor is created: the caret takes them when they do.
  useEffect(() => {
    editor?.commands.updateUser({ ...presenceUser })
  }, [editor, presenceUser])
  const participants = usePresence(collab.provider.awareness, !canEdit)

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
