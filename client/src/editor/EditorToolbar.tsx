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
} from '@ant-design/icons'
import type { Editor } from '@tiptap/react'
import { useEditorState } from '@tiptap/react'
import { Button, Divider, Tooltip } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { isSafeImageSrc, isSafeLinkHref } from '../../../shared/editor/safeUrls.ts'

interface ToolProps {
  label: string
  shortcut?: string
  icon: ReactNode
  active?: boolean
  onClick: () => void
}

function Tool({ label, shortcut, icon, active = false, onClick }: ToolProps) {
  return (
    <Tooltip title={shortcut ? `${label} (${shortcut})` : label}>
      <Button
        type={active ? 'primary' : 'text'}
        icon={icon}
        aria-label={label}
        aria-pressed={active}
        onMouseDown={(event) => event.preventDefault()}
        onClick={onClick}
      />
    </Tooltip>
  )
}

/** Formatting tools; each also has its usual keyboard shortcut. */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation()
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
    if (href && isSafeLinkHref(href)) chain().setLink({ href }).run()
  }
  const addImage = (): void => {
    const src = window.prompt(t('editor.imagePrompt'))?.trim()
    if (src && isSafeImageSrc(src)) chain().setImage({ src }).run()
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
    </div>
  )
}
