/**
 * The body of a Word file as flat blocks (paragraphs and tables of plain text), read from
 * mammoth's document model (no HTML parser is installed, so the model is walked directly).
 */

/** An image found in the file, read later. */
export interface DocxImage {
  /** MIME type Word declared. */
  contentType: string
  /** Reads the image bytes. */
  read: () => Promise<Uint8Array>
}

/** One paragraph: its text, whether it looks like a heading, and the images in it. */
export interface ParagraphBlock {
  kind: 'paragraph'
  /** Plain text (tabs as spaces, line breaks as newlines). */
  text: string
  /** A Word heading or title style. */
  heading: boolean
  /** Every run with text is bold. */
  bold: boolean
  /** Indexes into the image list. */
  images: number[]
}

/** One table: cell texts row by row (paragraphs in a cell joined by newlines). */
export interface TableBlock {
  kind: 'table'
  rows: string[][]
  /** Indexes into the image list of the images in its cells. */
  images: number[]
  /** The same images by cell: `cellImages[row][cell]` (so a step's image stays in its column). */
  cellImages: number[][][]
}

/** A block of the body. */
export type DocxBlock = ParagraphBlock | TableBlock

/** The blocks and images of a document. */
export interface DocxBody {
  blocks: DocxBlock[]
  images: DocxImage[]
}

type Element = Record<string, unknown>

function isElement(value: unknown): value is Element {
  return typeof value === 'object' && value !== null
}

function childrenOf(element: Element): Element[] {
  const children = element.children
  return Array.isArray(children) ? children.filter(isElement) : []
}

function stringAt(element: Element, key: string): string {
  const value = element[key]
  return typeof value === 'string' ? value : ''
}

function isHeadingStyle(paragraph: Element): boolean {
  const style = `${stringAt(paragraph, 'styleName')} ${stringAt(paragraph, 'styleId')}`
  return /heading|title|标题/iu.test(style)
}

function readImage(element: Element): DocxImage | undefined {
  const read = element.readAsBuffer
  if (typeof read !== 'function') return undefined
  return {
    contentType: stringAt(element, 'contentType'),
    read: async () => {
      const bytes: unknown = await read.call(element)
      return bytes instanceof Uint8Array ? bytes : new Uint8Array()
    },
  }
}

/** Walks the inline content of a paragraph, collecting text, boldness and images. */
class InlineWalk {
  text = ''
  boldRuns = 0
  plainRuns = 0
  readonly images: number[] = []

  constructor(private readonly body: DocxBody) {}

  walk(element: Element, bold: boolean): void {
    const type = stringAt(element, 'type')
    if (type === 'text') {
      const value = stringAt(element, 'value')
      this.text += value
      if (value.trim() !== '') {
        if (bold) this.boldRuns += 1
        else this.plainRuns += 1
      }
    } else if (type === 'tab') this.text += ' '
    else if (type === 'break') this.text += '\n'
    else if (type === 'image') {
      const image = readImage(element)
      if (image) this.images.push(this.body.images.push(image) - 1)
    } else {
      const runBold = type === 'run' ? element.isBold === true : bold
      for (const child of childrenOf(element)) this.walk(child, runBold)
    }
  }
}

function paragraphBlock(body: DocxBody, paragraph: Element): ParagraphBlock {
  const walk = new InlineWalk(body)
  for (const child of childrenOf(paragraph)) walk.walk(child, false)
  return {
    kind: 'paragraph',
    text: walk.text.replace(/\u00a0/gu, ' ').trim(),
    heading: isHeadingStyle(paragraph),
    bold: walk.boldRuns > 0 && walk.plainRuns === 0,
    images: walk.images,
  }
}

function tableBlock(body: DocxBody, table: Element): TableBlock {
  const rows: string[][] = []
  const cellImages: number[][][] = []
  for (const row of childrenOf(table).filter((r) => stringAt(r, 'type') === 'tableRow')) {
    const texts: string[] = []
    const images: number[][] = []
    for (const cell of childrenOf(row).filter((c) => stringAt(c, 'type') === 'tableCell')) {
      const lines: string[] = []
      const inCell: number[] = []
      collect(body, cell, (block) => {
        if (block.kind === 'paragraph') {
          if (block.text !== '') lines.push(block.text)
        } else {
          for (const inner of block.rows) lines.push(inner.filter((t) => t !== '').join(' '))
        }
        inCell.push(...block.images)
      })
      texts.push(lines.join('\n'))
      images.push(inCell)
    }
    rows.push(texts)
    cellImages.push(images)
  }
  return { kind: 'table', rows, images: cellImages.flat(2), cellImages }
}

function collect(body: DocxBody, element: Element, emit: (block: DocxBlock) => void): void {
  for (const child of childrenOf(element)) {
    const type = stringAt(child, 'type')
    if (type === 'paragraph') emit(paragraphBlock(body, child))
    else if (type === 'table') emit(tableBlock(body, child))
    else collect(body, child, emit)
  }
}

/** The blocks of a mammoth document element, in order. */
export function docxBody(document: unknown): DocxBody {
  const body: DocxBody = { blocks: [], images: [] }
  if (isElement(document)) collect(body, document, (block) => body.blocks.push(block))
  return body
}
