import type { JSONContent } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import { planExtensions } from '../../../../../shared/editor/extensions.ts'
import { withNodeViews } from './nodeViews.tsx'

/** A plan's JSON rendered read-only, exactly as in the editor. */
export function ReadOnlyPlan({
  json,
  testId = 'library-plan',
}: {
  json: JSONContent
  testId?: string
}) {
  const editor = useEditor(
    {
      extensions: withNodeViews(planExtensions()),
      content: json,
      editable: false,
      editorProps: { attributes: { class: 'plan-editor', 'data-testid': testId, lang: 'zh-CN' } },
    },
    [json],
  )
  return <EditorContent editor={editor} />
}
