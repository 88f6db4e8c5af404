import type { JSONContent } from '@tiptap/core'
import {
  BorderStyle,
  ExternalHyperlink,
  ImageRun,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { HEADING_FONT, MAX_IMAGE_PX, TABLE_SIZE, TEXT_WIDTH } from './fonts.ts'
import { type DocxImageType, fitWidth, type ImageSize } from './imageSize.ts'

/** An image's bytes ready to embed. */
export interface LoadedImage {
  data: Uint8Array
  type: DocxImageType
  size: ImageSize
}

/** What block conversion needs besides the JSON: the images, loaded beforehand by `src`. */
export interface BlockContext {
  images: ReadonlyMap<string, LoadedImage>
  /** Text size in half-points, when it differs from the body's (inside tables). */
  size?: number
}

/** Numbering references of the ordered lists (each list restarts: one instance per list). */
export const ORDERED_LIST = 'plan-ordered'

/** A block: a paragraph or a table. */
export type Block = Paragraph | Table

let listInstance = 0

function hasMark(node: JSONContent, type: string): boolean {
  return (node.marks ?? []).some((mark) => mark.type === type)
}

function linkOf(node: JSONContent): string | null {
  const href = (node.marks ?? []).find((mark) => mark.type === 'link')?.attrs?.href
  return typeof href === 'string' && href !== '' ? href : null
}

/** The runs of an inline node (text with marks, a hard break, an inline image). */
function inlineRuns(node: JSONContent, context: BlockContext): ParagraphChild[] {
  if (node.type === 'hardBreak') return [new TextRun({ break: 1 })]
  if (node.type === 'image') return imageRuns(node, context)
  if (node.type !== 'text' || !node.text) return []
  const link = linkOf(node)
  const run = new TextRun({
    text: node.text,
    bold: hasMark(node, 'bold') || undefined,
    italics: hasMark(node, 'italic') || undefined,
    underline: hasMark(node, 'underline') || link ? {} : undefined,
    strike: hasMark(node, 'strike') || undefined,
    color: link ? '0563C1' : undefined,
    size: context.size,
    ...(hasMark(node, 'code') ? { font: 'Consolas' } : {}),
  })
  return link ? [new ExternalHyperlink({ link, children: [run] })] : [run]
}

function imageRuns(node: JSONContent, context: BlockContext): ParagraphChild[] {
  const src = typeof node.attrs?.src === 'string' ? node.attrs.src : ''
  const image = context.images.get(src)
  const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : ''
  if (!image) return [new TextRun({ text: alt ? `[图片：${alt}]` : '[图片]', size: context.size })]
  const size = fitWidth(image.size, MAX_IMAGE_PX)
  return [
    new ImageRun({
      type: image.type,
      data: image.data,
      transformation: { width: size.width, height: size.height },
      altText: { name: alt || 'image', description: alt, title: alt },
    }),
  ]
}

function inlineChildren(node: JSONContent, context: BlockContext): ParagraphChild[] {
  return (node.content ?? []).flatMap((child) => inlineRuns(child, context))
}

function listBlocks(
  node: JSONContent,
  context: BlockContext,
  level: number,
  ordered: boolean,
  instance: number,
): Block[] {
  return (node.content ?? []).flatMap((item) =>
    (item.content ?? []).flatMap((child, index): Block[] => {
      if (child.type === 'bulletList' || child.type === 'orderedList') {
        return listChild(child, context, level + 1)
      }
      if (child.type === 'paragraph' && index === 0) {
        return [
          new Paragraph({
            children: inlineChildren(child, context),
            ...tableSpacing(context),
            ...(ordered
              ? { numbering: { reference: ORDERED_LIST, level, instance } }
              : { bullet: { level } }),
          }),
        ]
      }
      return toBlocks(child, context)
    }),
  )
}

function listChild(node: JSONContent, context: BlockContext, level: number): Block[] {
  listInstance += 1
  return listBlocks(node, context, Math.min(level, 8), node.type === 'orderedList', listInstance)
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

/** Borders of every table cell of the export. */
export const CELL_BORDERS = {
  top: CELL_BORDER,
  bottom: CELL_BORDER,
  left: CELL_BORDER,
  right: CELL_BORDER,
}

function numberAttr(value: unknown): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : 1
}

function tableBlock(node: JSONContent, context: BlockContext): Table {
  const rows = (node.content ?? []).filter((row) => row.type === 'tableRow')
  const columns = Math.max(
    1,
    ...rows.map((row) =>
      (row.content ?? []).reduce((sum, cell) => sum + numberAttr(cell.attrs?.colspan), 0),
    ),
  )
  const columnWidth = Math.floor(TEXT_WIDTH / columns)
  const cellContext = { ...context, size: TABLE_SIZE }
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => columnWidth),
    rows: rows.map(
      (row, rowIndex) =>
        new TableRow({
          tableHeader: rowIndex === 0 && (row.content ?? []).every((c) => c.type === 'tableHeader'),
          children: (row.content ?? []).map((cell) => {
            const span = numberAttr(cell.attrs?.colspan)
            const blocks = (cell.content ?? []).flatMap((child) => toBlocks(child, cellContext))
            return new TableCell({
              columnSpan: span,
              rowSpan: numberAttr(cell.attrs?.rowspan),
              width: { size: columnWidth * span, type: WidthType.DXA },
              borders: CELL_BORDERS,
              ...(cell.type === 'tableHeader'
                ? { shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } }
                : {}),
              children: blocks.length > 0 ? blocks : [new Paragraph({})],
            })
          }),
        }),
    ),
  })
}

/** Single line spacing inside tables (the body has 1.5 lines). */
export const TABLE_LINE_SPACING = { spacing: { line: 276 } }

function tableSpacing(context: BlockContext): { spacing?: { line: number } } {
  return context.size === undefined ? {} : TABLE_LINE_SPACING
}

/** The docx blocks of one ProseMirror block node (paragraph, heading, list, table, image…). */
export function toBlocks(node: JSONContent, context: BlockContext): Block[] {
  switch (node.type) {
    case 'paragraph':
      return [new Paragraph({ children: inlineChildren(node, context), ...tableSpacing(context) })]
    case 'heading': {
      const level = numberAttr(node.attrs?.level)
      return [
        new Paragraph({
          spacing: { before: 120, after: 60 },
          children: (node.content ?? []).map(
            (child) =>
              new TextRun({
                text: child.text ?? '',
                bold: true,
                font: HEADING_FONT,
                size: level <= 2 ? 26 : 24,
              }),
          ),
        }),
      ]
    }
    case 'bulletList':
    case 'orderedList':
      return listChild(node, context, 0)
    case 'blockquote':
      return (node.content ?? []).flatMap((child) => toBlocks(child, context))
    case 'codeBlock':
      return [
        new Paragraph({
          children: [
            new TextRun({
              text: (node.content ?? []).map((child) => child.text ?? '').join(''),
              font: 'Consolas',
              size: context.size,
            }),
          ],
        }),
      ]
    case 'horizontalRule':
      return [new Paragraph({ border: { bottom: CELL_BORDER }, children: [] })]
    case 'image':
      return [new Paragraph({ children: imageRuns(node, context) })]
    case 'table':
      return [tableBlock(node, context)]
    default:
      return node.content
        ? node.content.flatMap((child) => toBlocks(child, context))
        : node.text
          ? [new Paragraph({ children: inlineRuns(node, context) })]
          : []
  }
}

/** Every image `src` in a plan's JSON, in document order. */
export function imageSources(node: JSONContent): string[] {
  const own = node.type === 'image' && typeof node.attrs?.src === 'string' ? [node.attrs.src] : []
  return [...own, ...(node.content ?? []).flatMap(imageSources)]
}
