import {
  BoldOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  RedoOutlined,
  TableOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
  UploadOutlined,
} from '@ant-design/icons'
import type { Editor } from '@tiptap/react'
import { useEditorState } from '@tiptap/react'
import { App, Button, Divider, Tooltip } from 'antd'
import { type ChangeEvent, type ReactNode, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { isSafeImageSrc, isSafeLinkHref } from '../../../../../shared/editor/safeUrls.ts'
import { MAX_UPLOAD_BYTES } from '../../../../../shared/limits.ts'
import { ApiError } from '../../../api/ApiError.ts'
import { useUploadImageMutation } from '../api.ts'

interface ToolProps {
  label: string
  shortcut?: string
  icon: ReactNode
  active?: boolean
  loading?: boolean
  onClick: () => void
}

function Tool({ label, shortcut, icon, active = false, loading = false, onClick }: ToolProps) {
  return (
    <Tooltip title={shortcut ? `${label} (${shortcut})` : label}>
      <Button
        type={active ? 'primary' : 'text'}
        icon={icon}
        aria-label={label}
        aria-pressed={active}
        loading={loading}
        onMouseDown={(event) => event.preventDefault()}
        onClick={onClick}
      />
    </Tooltip>
  )
}

/** Image types the server accepts (it checks the file's bytes, not this list). */
const UPLOAD_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp'

/** Formatting tools; each also has its usual keyboard shortcut. */
export function EditorToolbar({ editor, documentId }: { editor: Editor; documentId: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const fileInput = useRef<HTMLInputElement>(null)
  const upload = useUploadImageMutation(documentId)
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      underline: current.isActive('underline'),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
    }),
  })
  const chain = () => editor.chain().focus()
  const addLink = (): void => {
    const href = window.prompt(t('editor.linkPrompt'))?.trim()
    if (!href) return
    if (isSafeLinkHref(href)) chain().setLink({ href }).run()
    else message.error(t('editor.unsafeLink'))
  }
  const addLinkRef = useRef(addLink)
  addLinkRef.current = addLink
  // Ctrl/⌘+K inserts a link, as in most editors.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        addLinkRef.current()
      }
    }
    const dom = editor.view.dom
    dom.addEventListener('keydown', onKeyDown)
    return () => dom.removeEventListener('keydown', onKeyDown)
  }, [editor])
  const addImage = (): void => {
    const src = window.prompt(t('editor.imagePrompt'))?.trim()
    if (src && isSafeImageSrc(src)) chain().setImage({ src }).run()
  }
  const onFileChosen = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget
    const file = input.files?.[0]
    input.value = '' // choosing the same file again must fire another change
    if (!file) return
    if (file.size > MAX_UPLOAD_BYTES) {
      message.error(t('editor.uploadTooLarge'))
      return
    }
    try {
      const src = await upload.mutateAsync(file)
      if (!editor.isDestroyed && isSafeImageSrc(src)) chain().setImage({ src }).run()
    } catch (error) {
      const tooLarge = error instanceof ApiError && error.code === 'too_large'
      message.error(t(tooLarge ? 'editor.uploadTooLarge' : 'editor.uploadFailed'))
    }
  }
  return (
    <div className="editor-toolbar" role="toolbar">
      <Tool
        label={t('editor.undo')}
        shortcut="Ctrl+Z"
        icon={<UndoOutlined />}
        onClick={() => chain().undo().run()}
      />
      <Tool
        label={t('editor.redo')}
        shortcut="Ctrl+Shift+Z"
        icon={<RedoOutlined />}
        onClick={() => chain().redo().run()}
      />
      <Divider type="vertical" />
      <Tool
        label={t('editor.bold')}
        shortcut="Ctrl+B"
        icon={<BoldOutlined />}
        active={state.bold}
        onClick={() => chain().toggleBold().run()}
      />
      <Tool
        label={t('editor.italic')}
        shortcut="Ctrl+I"
        icon={<ItalicOutlined />}
        active={state.italic}
        onClick={() => chain().toggleItalic().run()}
      />
      <Tool
        label={t('editor.underline')}
        shortcut="Ctrl+U"
        icon={<UnderlineOutlined />}
        active={state.underline}
        onClick={() => chain().toggleUnderline().run()}
      />
      <Divider type="vertical" />
      <Tool
        label={t('editor.bulletList')}
        shortcut="Ctrl+Shift+8"
        icon={<UnorderedListOutlined />}
        active={state.bulletList}
        onClick={() => chain().toggleBulletList().run()}
      />
      <Tool
        label={t('editor.orderedList')}
        shortcut="Ctrl+Shift+7"
        icon={<OrderedListOutlined />}
        active={state.orderedList}
        onClick={() => chain().toggleOrderedList().run()}
      />
      <Tool
        label={t('editor.table')}
        icon={<TableOutlined />}
        onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
      />
      <Tool label={t('editor.link')} shortcut="Ctrl+K" icon={<LinkOutlined />} onClick={addLink} />
      <Tool label={t('editor.image')} icon={<PictureOutlined />} onClick={addImage} />
      <Tool
        label={t('editor.uploadImage')}
        icon={<UploadOutlined />}
        loading={upload.isPending}
        onClick={() => fileInput.current?.click()}
      />
      <input
        ref={fileInput}
        type="file"
        accept={UPLOAD_ACCEPT}
        hidden
        onChange={(event) => void onFileChosen(event)}
      />
    </div>
  )
}
