/**
 * The record document (集体备课记录) of a meeting (document kind `minutes`): a plain rich-text document (headings,
 * paragraphs, lists) whose attendee, agenda and decision lists are kept up to date by the
 * server. Those lists carry a `minutesRole` attribute so the server finds them in the Y.Doc and
 * replaces only their items, never the participants' free notes.
 */
import { type AnyExtension, Extension, getSchema, type JSONContent } from '@tiptap/core'
import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import { StarterKit, type StarterKitOptions } from '@tiptap/starter-kit'
import { prosemirrorToYDoc, yDocToProsemirrorJSON } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { PLAN_LINK_OPTIONS } from '../editor/extensions.ts'

/** Name of the Y.XmlFragment the record lives in (the same field as a plan's). */
export const RECORD_FRAGMENT = 'default'

/** Node attribute marking a server-maintained list (its name is stored in documents: kept). */
export const RECORD_ROLE_ATTRIBUTE = 'minutesRole'

/** The lists the server keeps up to date. */
export type RecordRole = 'attendees' | 'agenda' | 'decisions'

/** Text of the single item of a list that has nothing yet. */
export const RECORD_NOTHING_YET = '（暂无）'

/** Marks lists as server-maintained: `data-minutes-role` in HTML, `minutesRole` in the model. */
const RecordRoleAttribute = Extension.create({
  name: 'minutesRole',
  addGlobalAttributes() {
    return [
      {
        types: ['bulletList', 'orderedList'],
        attributes: {
          [RECORD_ROLE_ATTRIBUTE]: {
            default: null,
            parseHTML: (element) => element.getAttribute('data-minutes-role'),
            renderHTML: (attributes) =>
              attributes[RECORD_ROLE_ATTRIBUTE]
                ? { 'data-minutes-role': String(attributes[RECORD_ROLE_ATTRIBUTE]) }
                : {},
          },
        },
      },
    ]
  },
})

/** Options of {@link recordExtensions}. */
export interface RecordExtensionsOptions {
  /** True when Collaboration is added by the caller: drops StarterKit's own undo/redo. */
  collaboration?: boolean
}

/** The record editor's extensions, shared by the browser and the server. */
export function recordExtensions(options: RecordExtensionsOptions = {}): AnyExtension[] {
  const starterKit: Partial<StarterKitOptions> = {
    codeBlock: false,
    horizontalRule: false,
    trailingNode: false,
    heading: { levels: [1, 2, 3] },
    link: PLAN_LINK_OPTIONS,
  }
  if (options.collaboration) starterKit.undoRedo = false
  return [StarterKit.configure(starterKit), RecordRoleAttribute]
}

let schema: Schema | undefined

/** The ProseMirror schema of a record document. */
export function recordSchema(): Schema {
  schema ??= getSchema(recordExtensions())
  return schema
}

/** Facts the record is pre-filled with when a meeting starts. */
export interface RecordFacts {
  /** `YYYY-MM-DD`. */
  date: string
  groupName: string
  hostName: string
  mainPreparerName: string
  planTitle: string
  /** Same-origin link to the plan, `/plans/<id>`. */
  planHref: string
  /** One line per school: `实验中学：张三、李四`. */
  attendeeLines: string[]
  /** One line per agenda item. */
  agendaLines: string[]
  /** Decisions and vote results so far. */
  decisionLines: string[]
}

function text(value: string, marks?: JSONContent['marks']): JSONContent {
  return marks ? { type: 'text', text: value, marks } : { type: 'text', text: value }
}

function paragraph(...content: JSONContent[]): JSONContent {
  const filled = content.filter((node) => node.text !== '')
  return filled.length > 0 ? { type: 'paragraph', content: filled } : { type: 'paragraph' }
}

function labelled(label: string, value: string): JSONContent {
  return paragraph(text(`${label}：`, [{ type: 'bold' }]), text(value))
}

function heading(level: number, value: string): JSONContent {
  return { type: 'heading', attrs: { level }, content: [text(value)] }
}

/** A list item holding one paragraph of text. */
export function listItemJSON(line: string): JSONContent {
  return { type: 'listItem', content: [paragraph(text(line))] }
}

/** A server-maintained list; an empty one holds a single "nothing yet" item. */
export function roleListJSON(
  role: RecordRole,
  lines: readonly string[],
  type: 'bulletList' | 'orderedList' = 'bulletList',
): JSONContent {
  const items = lines.length > 0 ? lines : [RECORD_NOTHING_YET]
  return {
    type,
    attrs: { [RECORD_ROLE_ATTRIBUTE]: role },
    content: items.map((line) => listItemJSON(line)),
  }
}

/** The pre-filled record document. */
export function recordJSON(facts: RecordFacts): JSONContent {
  return {
    type: 'doc',
    content: [
      heading(1, '集体备课记录'),
      labelled('日期', facts.date),
      labelled('教研组', facts.groupName),
      labelled('主持人', facts.hostName),
      paragraph(
        text('主备人：', [{ type: 'bold' }]),
        text(`${facts.mainPreparerName}　`),
        text('教案：', [{ type: 'bold' }]),
        text(facts.planTitle, [{ type: 'link', attrs: { href: facts.planHref } }]),
      ),
      heading(2, '参会人员'),
      roleListJSON('attendees', facts.attendeeLines),
      heading(2, '议程'),
      roleListJSON('agenda', facts.agendaLines, 'orderedList'),
      heading(2, '决议与表决'),
      roleListJSON('decisions', facts.decisionLines),
      heading(2, '讨论记录'),
      paragraph(),
    ],
  }
}

/** A checked record node from JSON; throws when it does not fit the schema. */
export function parseRecord(json: JSONContent): PMNode {
  const node = recordSchema().nodeFromJSON(json)
  node.check()
  return node
}

/** A new Y.Doc holding the record in {@link RECORD_FRAGMENT}. */
export function recordToYDoc(json: JSONContent): Y.Doc {
  return prosemirrorToYDoc(parseRecord(json), RECORD_FRAGMENT)
}

/** The record JSON of a Y.Doc (read-only). */
export function readRecordJSON(ydoc: Y.Doc): JSONContent {
  return recordSchema()
    .nodeFromJSON(yDocToProsemirrorJSON(ydoc, RECORD_FRAGMENT))
    .toJSON() as JSONContent
}

function plainText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? ''
  return (node.content ?? []).map(plainText).join('')
}

/** The text lines of a server-maintained list in record JSON (empty when absent). */
export function roleListLines(json: JSONContent, role: RecordRole): string[] {
  const list = (json.content ?? []).find((node) => node.attrs?.[RECORD_ROLE_ATTRIBUTE] === role)
  return (list?.content ?? []).map(plainText)
}

/** The whole record as plain text, one block per line (for tests, search and export). */
export function recordPlainText(json: JSONContent): string {
  return (json.content ?? [])
    .map((block) =>
      block.type === 'bulletList' || block.type === 'orderedList'
        ? (block.content ?? []).map((item) => `- ${plainText(item)}`).join('\n')
        : plainText(block),
    )
    .join('\n')
}
