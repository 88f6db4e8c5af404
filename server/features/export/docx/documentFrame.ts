/**
 * What every exported Word file shares: A4 with Word's margins, 宋体/黑体 through `eastAsia`,
 * the ordered-list numbering, and a footer `第 n 页 共 m 页` under optional lines of its own.
 */
import {
  AlignmentType,
  Document,
  type FileChild,
  Footer,
  type ISectionOptions,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx'
import type { Block } from './blocks.ts'
import { ORDERED_LIST } from './blocks.ts'
import { BODY_FONT, BODY_SIZE, HEADING_FONT, PAGE } from './fonts.ts'

const FOOTER_SIZE = 18

/** A footer: its own centred lines, then `第 n 页 共 m 页`. */
export function pageFooter(lines: readonly string[] = []): Footer {
  return new Footer({
    children: [
      ...lines.map(
        (line) =>
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: line, size: FOOTER_SIZE })],
          }),
      ),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size: FOOTER_SIZE,
            children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
          }),
        ],
      }),
    ],
  })
}

/** Page size and margins of every section of an export (A4, Word's default margins). */
export const A4_PAGE = {
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    margin: {
      top: PAGE.marginTopBottom,
      bottom: PAGE.marginTopBottom,
      left: PAGE.marginLeftRight,
      right: PAGE.marginLeftRight,
    },
  },
}

/** A centred bold title in 黑体 (the first line of a plan or a record). */
export function titleParagraph(text: string, options: { pageBreakBefore?: boolean } = {}) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    pageBreakBefore: options.pageBreakBefore,
    children: [new TextRun({ text, bold: true, font: HEADING_FONT, size: 36 })],
  })
}

/** A section heading in 黑体, kept with what follows. */
export function headingParagraph(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [new TextRun({ text, bold: true, font: HEADING_FONT, size: 28 })],
  })
}

/** One section of an exported file: its blocks and its footer lines. */
export interface DocxSection {
  /** Paragraphs and tables, or any other body element (a table of contents). */
  blocks: ReadonlyArray<Block | FileChild>
  footerLines?: readonly string[]
}

/** Packs blocks into a .docx with the shared styles, numbering, page and footer. */
export async function packDocx(
  title: string,
  sections: readonly DocxSection[],
  options: { updateFields?: boolean } = {},
): Promise<Buffer> {
  const document = new Document({
    creator: 'Jibei',
    title,
    ...(options.updateFields ? { features: { updateFields: true } } : {}),
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE },
          paragraph: { spacing: { line: 360 } },
        },
        // Black like the rest: Word's and LibreOffice's own heading styles are blue.
        heading1: { run: { font: HEADING_FONT, size: 36, bold: true, color: '000000' } },
        heading2: { run: { font: HEADING_FONT, size: 32, bold: true, color: '000000' } },
      },
    },
    numbering: {
      config: [
        {
          reference: ORDERED_LIST,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: level % 2 === 0 ? LevelFormat.DECIMAL : LevelFormat.LOWER_LETTER,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 420 * (level + 1), hanging: 420 } } },
          })),
        },
      ],
    },
    sections: sections.map(
      (section): ISectionOptions => ({
        properties: A4_PAGE,
        footers: { default: pageFooter(section.footerLines) },
        children: [...section.blocks],
      }),
    ),
  })
  return Packer.toBuffer(document)
}
