/**
 * The term binder (学期备课册) as one .docx: a title page, a table of contents (a Word TOC
 * field written with its entries, so LibreOffice shows them too), then every plan on a new
 * page, each followed by its 集体备课记录.
 */
import { AlignmentType, type FileChild, Paragraph, TableOfContents, TextRun } from 'docx'
import type { Block } from '../docx/blocks.ts'
import { type DocxSection, packDocx } from '../docx/documentFrame.ts'
import { HEADING_FONT } from '../docx/fonts.ts'
import { planBlocks, signOffLine } from '../docx/planDocx.ts'
import { minutesBlocks } from '../minutes/minutesDocx.ts'
import type { BinderCover, BinderPlan } from './binderData.ts'

/** Title of the binder. */
export const BINDER_TITLE = '学期备课册'

/** Title of the table of contents. */
export const CONTENTS_TITLE = '目录'

function centred(text: string, size: number, options: { bold?: boolean; before?: number } = {}) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: options.before ?? 0, after: 240 },
    children: [
      new TextRun({
        text,
        size,
        ...(options.bold ? { bold: true, font: HEADING_FONT } : {}),
      }),
    ],
  })
}

function coverBlocks(cover: BinderCover, plans: number, date: string): Block[] {
  return [
    centred(cover.groupName, 44, { bold: true, before: 3600 }),
    centred(BINDER_TITLE, 56, { bold: true }),
    centred(cover.term ? `学期：${cover.term}` : '学期：（未设定）', 28, { before: 1200 }),
    centred(`学校：${cover.schools.join('、') || '—'}`, 28),
    centred(`共案 ${plans} 份`, 28),
    centred(`生成日期：${date}`, 24, { before: 1200 }),
  ]
}

function contentsBlocks(plans: readonly BinderPlan[]): FileChild[] {
  return [
    centred(CONTENTS_TITLE, 32, { bold: true }),
    new TableOfContents(CONTENTS_TITLE, { hyperlink: true, headingStyleRange: '1-2' }),
    ...(plans.length === 0 ? [centred('（本学期没有共案）', 24)] : []),
  ]
}

function planSection(plan: BinderPlan): DocxSection {
  const blocks: Block[] = planBlocks(plan, { tocEntry: true })
  for (const record of plan.records) {
    blocks.push(...minutesBlocks(record, { pageBreakBefore: true, tocEntry: true }))
  }
  return { blocks, footerLines: signOffLine(plan.signOff) }
}

/** The binder's file title: 学期备课册 · <group> · <term>. */
export function binderTitle(cover: BinderCover): string {
  return [BINDER_TITLE, cover.groupName, cover.term].filter((part) => part !== '').join(' · ')
}

/** Builds the binder's .docx (each plan is a section of its own: it starts on a new page). */
export function buildBinderDocx(
  cover: BinderCover,
  plans: readonly BinderPlan[],
  date: string,
): Promise<Buffer> {
  const footer = [`${cover.groupName} · ${BINDER_TITLE}`]
  return packDocx(
    binderTitle(cover),
    [
      { blocks: coverBlocks(cover, plans.length, date), footerLines: footer },
      { blocks: contentsBlocks(plans), footerLines: footer },
      ...plans.map(planSection),
    ],
    { updateFields: true },
  )
}
