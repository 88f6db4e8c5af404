import { SECTIONS } from '../../../../shared/editor/planSchema.ts'
import type { ImportPreview } from '../../../../shared/export/importApi.ts'
import type { ParsedDocx } from './parseDocx.ts'

const EXCERPT_CHARS = 80

const excerpt = (text: string): string =>
  text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text

/** The title an imported plan gets: its 课题, else the file's name, else 导入的教案. */
export function importTitle(parsed: ParsedDocx, fileName: string): string {
  const fromName = fileName.replace(/\.docx$/iu, '').trim()
  return (parsed.plan.header.lessonTitle || fromName || '导入的教案').slice(0, 200)
}

/** What the import will make of the file, for the preview. */
export function importPreview(parsed: ParsedDocx, title: string, replaces: boolean): ImportPreview {
  const { plan } = parsed
  return {
    title,
    header: plan.header,
    sections: SECTIONS.map((section) => {
      const placed = plan.placements.filter((placement) => placement.key === section.key)
      const items = section.key === 'process' ? [] : plan.sections[section.key]
      const text = items.flatMap((item) => (item.kind === 'text' ? [item.text] : ['[图片]']))
      return {
        key: section.key,
        title: section.label['zh-CN'],
        paragraphs: section.key === 'process' ? plan.steps.length : items.length,
        excerpt: excerpt(text.join(' ')),
        headings: placed.map((placement) => placement.heading),
        notes: placed.flatMap((placement) => (placement.note ? [placement.note] : [])),
      }
    }),
    steps: plan.steps.map((step) => ({
      name: step.name,
      minutes: step.minutes,
      teacher: excerpt(step.teacher),
    })),
    unplaced: plan.unplaced.map((item) => ({ text: excerpt(item.text), reason: item.reason })),
    images: parsed.images.length,
    replaces,
  }
}
