import type { JSONContent } from '@tiptap/core'
import { RECORD_ROLE_ATTRIBUTE } from '../../../../shared/meetings/recordSchema.ts'

/** Labels of the pre-filled lines the export's header table already shows. */
const HEADER_LINE_LABELS = ['日期：', '教研组：', '主持人：', '主备人：']

function plainText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? ''
  return (node.content ?? []).map(plainText).join('')
}

function isRoleList(node: JSONContent | undefined): boolean {
  return typeof node?.attrs?.[RECORD_ROLE_ATTRIBUTE] === 'string'
}

/**
 * The blocks of a record document the export writes after its own tables: the participants'
 * headings, notes, lists and links. Left out are what the tables above already show: the
 * leading 集体备课记录 title, the pre-filled 日期/教研组/主持人/主备人 lines, and each
 * server-maintained list (attendees, agenda, decisions) with the heading just before it, and
 * empty paragraphs.
 */
export function recordNotes(record: JSONContent): JSONContent[] {
  const blocks = record.content ?? []
  return blocks.filter((block, index) => {
    if (index === 0 && block.type === 'heading' && plainText(block) === '集体备课记录') return false
    if (isRoleList(block)) return false
    if (block.type === 'heading' && isRoleList(blocks[index + 1])) return false
    if (block.type === 'paragraph') {
      const text = plainText(block)
      if (text.trim() === '') return false
      if (HEADER_LINE_LABELS.some((label) => text.startsWith(label))) return false
    }
    return true
  })
}
