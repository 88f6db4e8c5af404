import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { type AnyExtension, type Editor, useEditor } from '@tiptap/react'
import { useEffect } from 'react'
import type { PublicUser } from '../../../../../shared/domain.ts'
import type { Collaboration as CollaborationState } from './useCollaboration.ts'
import { type Participant, type PresenceUser, usePresence, usePresenceUser } from './usePresence.ts'

/** What a collaborative editor is made of: its content extensions and where it lives. */
export interface CollaborativeEditorOptions {
  collab: CollaborationState
  user: PublicUser
  /** Whether the caller may edit now (permission, and the server did not refuse). */
  canEdit: boolean
  /** The Yjs XML fragment the editor binds to. */
  field: string
  /** The content extensions (the Yjs binding and the carets are added here). */
  extensions: AnyExtension[]
  /** Extensions that build on the Yjs binding (comment highlights): added after it. */
  overlays?: AnyExtension[]
  /** Attributes of the editable element (class, data-testid, lang). */
  attributes: Record<string, string>
}

/** A collaborative editor, the caller's presence and who else is in the document. */
export interface CollaborativeEditor {
  editor: Editor | null
  presenceUser: PresenceUser
  participants: Participant[]
}

/**
 * A Tiptap editor bound to the collaboration's Yjs fragment, with everyone's carets: follows the
 * caller's right to edit, and gives the caret the school colour once it is known.
 */
export function useCollaborativeEditor(options: CollaborativeEditorOptions): CollaborativeEditor {
  const { collab, canEdit } = options
  const presenceUser = usePresenceUser(options.user)
  const editor = useEditor(
    {
      extensions: [
        ...options.extensions,
        Collaboration.configure({ document: collab.doc, field: options.field }),
        CollaborationCaret.configure({ provider: collab.provider, user: presenceUser }),
        ...(options.overlays ?? []),
      ],
      editable: canEdit,
      editorProps: { attributes: options.attributes },
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
  return { editor, presenceUser, participants }
}
