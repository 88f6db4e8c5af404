/**
 * Who wrote what in a plan: the text of each plan part (as `partText` gives it for the plan's
 * JSON) with the author of every character, read from the Yjs items of the plan's fragment and
 * the document's client id → author registrations. Pure: no storage, no clock.
 */
import * as Y from 'yjs'
import { normalizeHeader } from '../../../../shared/editor/header.ts'
import { minutesOf } from '../../../../shared/editor/minutes.ts'
import { PLAN_PART_KEYS, type PlanPartKey } from '../../../../shared/editor/planDiff.ts'
import {
  HEADER_FIELDS,
  PLAN_FRAGMENT,
  PLAN_HEADER_NODE,
  PROCESS_STEP_NODE,
  STEP_COLUMNS,
  sectionDef,
  TEACHING_PROCESS_NODE,
} from '../../../../shared/editor/planSchema.ts'

/** Who wrote under a client id: a user and the school they wrote for. */
export interface TextAuthor {
  userId: string
  schoolId: string
}

/**
 * Content whose writer is not known (written before authorship was recorded, or by the server
 * on its own): counted as content, attributed to nobody.
 */
export const UNKNOWN_AUTHOR: TextAuthor = Object.freeze({ userId: '', schoolId: '' })

/**
 * A text with the author of each UTF-16 unit: a TextAuthor for content, null for what the
 * plain-text rendering adds itself (labels, separators, line breaks). `ids` names each unit's
 * Yjs identity, the same in every version of the document that holds it (`client:clock` of a
 * character; `client:clock#offset` for a unit of an attribute's value), null for generated text.
 */
export interface AttributedText {
  text: string
  authors: Array<TextAuthor | null>
  ids: Array<string | null>
}

/** One stretch of text written by one person (null: nobody known, or generated text). */
export interface AuthorRun {
  text: string
  authorId: string | null
}

/** The author of each client id of a document. */
export type ClientAuthors = ReadonlyMap<number, TextAuthor>

/** The text of a part a plan does not have. */
export const EMPTY_TEXT: AttributedText = Object.freeze({ text: '', authors: [], ids: [] })

function generated(text: string): AttributedText {
  return {
    text,
    authors: new Array<TextAuthor | null>(text.length).fill(null),
    ids: new Array<string | null>(text.length).fill(null),
  }
}

/**
 * `text` written by `author`. `item` gives the units their identity: a string item's units are
 * its consecutive clocks; any other item's (an attribute, a hard break) its id and the offset.
 */
function authored(text: string, author: TextAuthor | null, item: Y.Item | null): AttributedText {
  const ids = new Array<string | null>(text.length)
  for (let index = 0; index < text.length; index += 1) {
    if (!item) ids[index] = null
    else if (item.content instanceof Y.ContentString) {
      ids[index] = `${item.id.client}:${item.id.clock + index}`
    } else ids[index] = `${item.id.client}:${item.id.clock}#${index}`
  }
  return { text, authors: new Array<TextAuthor | null>(text.length).fill(author), ids }
}

function concat(parts: readonly AttributedText[]): AttributedText {
  const authors: Array<TextAuthor | null> = []
  const ids: Array<string | null> = []
  for (const part of parts) {
    for (const author of part.authors) authors.push(author)
    for (const id of part.ids) ids.push(id)
  }
  return { text: parts.map((part) => part.text).join(''), authors, ids }
}

function join(parts: readonly AttributedText[], separator: string): AttributedText {
  const pieces: AttributedText[] = []
  parts.forEach((part, index) => {
    if (index > 0) pieces.push(generated(separator))
    pieces.push(part)
  })
  return concat(pieces)
}

function slice(text: AttributedText, start: number, end: number): AttributedText {
  return {
    text: text.text.slice(start, end),
    authors: text.authors.slice(start, end),
    ids: text.ids.slice(start, end),
  }
}

/** Splits at line breaks (the breaks themselves are dropped, as String.split drops them). */
function splitLines(text: AttributedText): AttributedText[] {
  const lines: AttributedText[] = []
  let start = 0
  for (let index = text.text.indexOf('\n'); index >= 0; index = text.text.indexOf('\n', start)) {
    lines.push(slice(text, start, index))
    start = index + 1
  }
  lines.push(slice(text, start, text.text.length))
  return lines
}

/** Resolves client ids to authors. */
class Attributor {
  constructor(private readonly clients: ClientAuthors) {}

  /** The author of an item (UNKNOWN_AUTHOR when its client id is not registered). */
  of(item: Y.Item | null): TextAuthor {
    if (!item) return UNKNOWN_AUTHOR
    return this.clients.get(item.id.client) ?? UNKNOWN_AUTHOR
  }

  /** An attribute's value as written by its latest writer (UNKNOWN_AUTHOR if never set). */
  attribute(element: Y.XmlElement | undefined, key: string, value: string): AttributedText {
    const item = element?._map.get(key) ?? null
    return authored(value, item ? this.of(item) : UNKNOWN_AUTHOR, item)
  }

  /** The visible characters of a Y.XmlText with the author of each. */
  text(node: Y.XmlText): AttributedText {
    const parts: AttributedText[] = []
    for (let item = node._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue
      parts.push(authored(item.content.str, this.of(item), item))
    }
    return concat(parts)
  }
}

type Child = Y.XmlElement | Y.XmlText

function childrenOf(node: Y.XmlElement | Y.XmlFragment): Child[] {
  // y-prosemirror writes no XmlHooks into a plan; a text without characters is no JSON node.
  return node
    .toArray()
    .filter(
      (child): child is Child =>
        child instanceof Y.XmlElement || (child instanceof Y.XmlText && child.length > 0),
    )
}

function isInline(child: Child): boolean {
  return child instanceof Y.XmlText || child.nodeName === 'hardBreak'
}

function stringAttribute(element: Y.XmlElement, key: string): string {
  const value = element.getAttribute(key) as unknown
  return typeof value === 'string' ? value : ''
}

/** Mirrors planText's inlineText: text of inline content, hard breaks as line breaks. */
function inlineText(node: Child, by: Attributor): AttributedText {
  if (node instanceof Y.XmlText) return by.text(node)
  if (node.nodeName === 'hardBreak') return authored('\n', by.of(node._item), node._item)
  return concat(childrenOf(node).map((child) => inlineText(child, by)))
}

/** Mirrors planText's blockLines: the non-empty lines of block content. */
function blockLines(node: Child, by: Attributor, out: AttributedText[]): AttributedText[] {
  if (node instanceof Y.XmlText) return out
  const children = childrenOf(node)
  if (node.nodeName === 'image') {
    const alt = stringAttribute(node, 'alt')
    const trimmed = alt.trim()
    if (trimmed !== '') out.push(by.attribute(node, 'alt', trimmed))
  } else if (node.nodeName === 'tableRow') {
    const cells = children
      .map((cell) => join(blockLines(cell, by, []), ' '))
      .filter((cell) => cell.text !== '')
    if (cells.length > 0) out.push(join(cells, ' | '))
  } else if (
    node.nodeName === 'paragraph' ||
    node.nodeName === 'heading' ||
    children.some(isInline)
  ) {
    for (const line of splitLines(inlineText(node, by))) if (line.text.trim() !== '') out.push(line)
  } else {
    for (const child of children) blockLines(child, by, out)
  }
  return out
}

/** Mirrors planText's headerText; each value belongs to whoever last set its attribute. */
function headerText(header: Y.XmlElement | undefined, by: Attributor): AttributedText {
  const attrs = (header?.getAttributes() ?? {}) as Record<string, unknown>
  const fields = normalizeHeader(attrs)
  const fieldValue = (key: (typeof HEADER_FIELDS)[number]['key']): AttributedText =>
    by.attribute(header, key, String(fields[key]))
  const line = HEADER_FIELDS.filter((field) => field.key !== 'lessonTitle')
    .filter((field) => String(fields[field.key]) !== '')
    .map((field) => concat([generated(`${field.label['zh-CN']}：`), fieldValue(field.key)]))
  const lines = [fieldValue('lessonTitle'), join(line, '　')].filter((l) => l.text !== '')
  return join(lines, '\n')
}

/** Mirrors planText's stepText. */
function stepLines(step: Y.XmlElement, by: Attributor): AttributedText[] {
  const name = by.attribute(step, 'name', stringAttribute(step, 'name'))
  const minutes = String(minutesOf(step.getAttribute('minutes') as unknown))
  const lines = [
    concat([name, generated('（'), by.attribute(step, 'minutes', minutes), generated('分钟）')]),
  ]
  const columns = childrenOf(step)
  STEP_COLUMNS.forEach((column, index) => {
    const node = columns[index]
    const text = node ? join(blockLines(node, by, []), '\n') : EMPTY_TEXT
    lines.push(concat([generated(`${column.label['zh-CN']}：`), text]))
  })
  return lines
}

/** The body of a section (its title left out, as partText leaves it out). */
function sectionBody(section: Y.XmlElement, by: Attributor): AttributedText {
  const lines =
    section.nodeName === TEACHING_PROCESS_NODE
      ? childrenOf(section)
          .filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
          .filter((child) => child.nodeName === PROCESS_STEP_NODE)
          .flatMap((step) => stepLines(step, by))
      : blockLines(section, by, [])
  return join(lines, '\n')
}

function topLevel(fragment: Y.XmlFragment, nodeName: string): Y.XmlElement | undefined {
  return fragment
    .toArray()
    .find(
      (child): child is Y.XmlElement =>
        child instanceof Y.XmlElement && child.nodeName === nodeName,
    )
}

/**
 * Every plan part's text with the author of each character, in the order and with the text
 * `partText` gives for the plan's JSON. Header values and step names and minutes are
 * attribute writes: they belong to whoever set the attribute last.
 */
export function attributeParts(
  doc: Y.Doc,
  clients: ClientAuthors,
): Map<PlanPartKey, AttributedText> {
  const fragment = doc.getXmlFragment(PLAN_FRAGMENT)
  const by = new Attributor(clients)
  const parts = new Map<PlanPartKey, AttributedText>()
  for (const key of PLAN_PART_KEYS) {
    if (key === 'header') {
      const header = topLevel(fragment, PLAN_HEADER_NODE)
      parts.set(key, header ? headerText(header, by) : EMPTY_TEXT)
    } else {
      const section = topLevel(fragment, sectionDef(key).node)
      parts.set(key, section ? sectionBody(section, by) : EMPTY_TEXT)
    }
  }
  return parts
}

/** The runs of equal author of an attributed text (UNKNOWN_AUTHOR and generated text: null). */
export function authorRuns(text: AttributedText): AuthorRun[] {
  const runs: AuthorRun[] = []
  let start = 0
  let current: string | null = null
  for (let index = 0; index < text.text.length; index += 1) {
    const author = authorIdOf(text.authors[index] ?? null)
    if (index > 0 && author !== current) {
      runs.push({ text: text.text.slice(start, index), authorId: current })
      start = index
    }
    current = author
  }
  if (text.text.length > 0) runs.push({ text: text.text.slice(start), authorId: current })
  return runs
}

/** The user id of an author, or null for nobody known. */
export function authorIdOf(author: TextAuthor | null): string | null {
  return author && author.userId !== '' ? author.userId : null
}

/** Characters of content per author (generated text left out; UNKNOWN_AUTHOR included). */
export function countByAuthor(parts: Iterable<AttributedText>): Map<TextAuthor, number> {
  const counts = new Map<TextAuthor, number>()
  for (const part of parts) {
    for (let index = 0; index < part.text.length; index += 1) {
      const author = part.authors[index]
      if (!author) continue
      counts.set(author, (counts.get(author) ?? 0) + 1)
    }
  }
  return counts
}
