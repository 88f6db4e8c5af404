/** Table cells of the exports: bordered, optionally shaded, with explicit widths. */
import { Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { type Block, CELL_BORDERS, TABLE_LINE_SPACING } from './blocks.ts'
import { HEADING_FONT, TABLE_SIZE, TEXT_WIDTH } from './fonts.ts'

/** Options of a cell: grey label shading, a column span. */
export interface CellOptions {
  shaded?: boolean
  span?: number
}

/** A bordered cell of `width` twips holding blocks (an empty paragraph when there are none). */
export function cell(blocks: Block[], width: number, options: CellOptions = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: CELL_BORDERS,
    columnSpan: options.span,
    ...(options.shaded
      ? { shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } }
      : {}),
    children: blocks.length > 0 ? blocks : [new Paragraph({})],
  })
}

/** A cell holding one line of table-size text (bold 黑体 for labels). */
export function textCell(
  text: string,
  width: number,
  options: CellOptions & { bold?: boolean } = {},
): TableCell {
  return cell(
    [
      new Paragraph({
        ...TABLE_LINE_SPACING,
        children: [
          new TextRun({
            text,
            size: TABLE_SIZE,
            ...(options.bold ? { bold: true, font: HEADING_FONT } : {}),
          }),
        ],
      }),
    ],
    width,
    options,
  )
}

/** Width of a label column of a header table, in twips. */
export const LABEL_WIDTH = 1300

/**
 * A header table of label/value pairs, two pairs a row; the `wide` labels take a whole row.
 * Used by the plan (学科, 年级, …) and the record (日期, 教研组, …).
 */
export function labelValueTable(
  pairs: ReadonlyArray<readonly [string, string]>,
  wide: ReadonlySet<string>,
): Table {
  const valueWidth = Math.floor((TEXT_WIDTH - 2 * LABEL_WIDTH) / 2)
  const rows: TableRow[] = []
  let pending: Array<readonly [string, string]> = []
  const flush = () => {
    if (pending.length === 0) return
    const children = pending.flatMap(([label, value]) => [
      textCell(label, LABEL_WIDTH, { bold: true, shaded: true }),
      textCell(value, valueWidth),
    ])
    // A lone pair at the end stretches over the empty half.
    if (pending.length === 1) {
      children.pop()
      children.push(textCell(pending[0]?.[1] ?? '', TEXT_WIDTH - LABEL_WIDTH, { span: 3 }))
    }
    rows.push(new TableRow({ children }))
    pending = []
  }
  for (const pair of pairs) {
    if (wide.has(pair[0])) {
      flush()
      rows.push(
        new TableRow({
          children: [
            textCell(pair[0], LABEL_WIDTH, { bold: true, shaded: true }),
            textCell(pair[1], TEXT_WIDTH - LABEL_WIDTH, { span: 3 }),
          ],
        }),
      )
    } else {
      pending.push(pair)
      if (pending.length === 2) flush()
    }
  }
  flush()
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LABEL_WIDTH, valueWidth, LABEL_WIDTH, valueWidth],
    rows,
  })
}

/** A simple grid: a shaded header row repeated on every page, then rows of text. */
export function gridTable(
  widths: readonly number[],
  titles: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [...widths],
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: titles.map((title, index) =>
          textCell(title, widths[index] ?? 0, { bold: true, shaded: true }),
        ),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, index) => textCell(text, widths[index] ?? 0)),
          }),
      ),
    ],
  })
}
