import {
  HEADER_FIELDS,
  type PlanHeaderKey,
  type SectionKey,
} from '../../../../shared/editor/planSchema.ts'

/** Where a heading's text sends the paragraphs under it. */
export interface TitleMatch {
  /** The plan section. */
  key: SectionKey
  /** Set when the heading names more than the section holds (e.g. 教学重难点 → 教学重点). */
  note?: string
}

/** Heading texts (without numbering) and the section each one names. */
const TITLE_VARIANTS: ReadonlyArray<readonly [SectionKey, readonly string[]]> = [
  ['materialAnalysis', ['教材分析', '教材解读', '教材内容分析']],
  ['learnerAnalysis', ['学情分析', '学生分析', '学情']],
  ['objectives', ['教学目标', '教学目的', '学习目标', '三维目标']],
  ['keyPoints', ['教学重点', '重点']],
  ['difficulties', ['教学难点', '难点']],
  ['preparation', ['教学准备', '课前准备', '教具准备', '教学资源']],
  ['process', ['教学过程', '教学流程', '教学环节', '教学步骤']],
  ['boardDesign', ['板书设计', '板书']],
  ['homework', ['作业设计', '作业布置', '布置作业', '作业']],
  ['reflection', ['教学反思', '课后反思', '反思']],
]

/** Headings naming both 重点 and 难点: their content goes to 教学重点 with a note. */
const COMBINED_KEY_POINTS = [
  '教学重难点',
  '教学重点难点',
  '教学重点与难点',
  '教学重点和难点',
  '重难点',
  '重点难点',
]

/** Numbering before a title: 一、 1. 1、 （一） (1) 第一部分 … */
const NUMBERING =
  /^\s*(?:第[一二三四五六七八九十\d]+(?:部分|章|节)?|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．)）]?)\s*/u

/** The title text without numbering, punctuation at its end and inner spaces. */
export function bareTitle(text: string): string {
  return text
    .replace(NUMBERING, '')
    .replace(/[\s\u3000]+/gu, '')
    .replace(/[:：。.、]+$/u, '')
}

/** The section a heading text names (教学目的 → 教学目标, 一、教学重难点 → 教学重点 + note), if any. */
export function matchSectionTitle(text: string): TitleMatch | undefined {
  if (text.length > 40) return undefined
  const title = bareTitle(text)
  if (COMBINED_KEY_POINTS.includes(title)) {
    return { key: 'keyPoints', note: `「${title}」的内容放在教学重点中，请把难点移到教学难点` }
  }
  for (const [key, variants] of TITLE_VARIANTS) if (variants.includes(title)) return { key }
  return undefined
}

/** Header labels besides the field labels themselves. */
const HEADER_VARIANTS: ReadonlyArray<readonly [PlanHeaderKey, readonly string[]]> = [
  ['subject', ['科目', '学科名称']],
  ['grade', ['年级班级', '授课年级', '班级']],
  ['textbookEdition', ['教材', '版本', '教材版本']],
  ['unit', ['单元', '章节', '所属单元']],
  ['lessonTitle', ['课题', '课题名称', '课名', '课文']],
  ['lessonType', ['课型', '课的类型']],
  ['periods', ['课时', '课时数']],
  ['mainPreparer', ['主备人', '主备', '执教', '执教人', '授课教师', '教师']],
  ['participants', ['参与教师', '参与人', '备课组成员']],
]

/** The header field a label (学科, 科目：) names, if any. */
export function matchHeaderLabel(text: string): PlanHeaderKey | undefined {
  const label = text.replace(/[\s\u3000]+/gu, '').replace(/[:：]+$/u, '')
  if (label === '') return undefined
  const field = HEADER_FIELDS.find((def) => def.label['zh-CN'] === label)
  if (field) return field.key
  for (const [key, variants] of HEADER_VARIANTS) if (variants.includes(label)) return key
  return undefined
}

/** A "学科：数学" line split into its field and value, if it is one. */
export function headerLine(text: string): { key: PlanHeaderKey; value: string } | undefined {
  const match = /^\s*([^:：]{1,8})[:：]\s*(.*)$/u.exec(text)
  if (!match) return undefined
  const key = matchHeaderLabel(match[1] ?? '')
  return key ? { key, value: (match[2] ?? '').trim() } : undefined
}

/** A step name cell ("导入（5分钟）", "导入 5'", "导入(5min)") split into name and minutes. */
export function parseStepName(text: string): { name: string; minutes: number } {
  const clean = text.replace(/[\s\u3000]+/gu, ' ').trim()
  const pattern =
    /^(.*?)[\s]*[（(]?\s*(?:约|用时|时间)?[:：]?\s*(\d{1,3})\s*(?:分钟|分|min(?:utes?|s)?\.?|['′’])\s*[)）]?\s*$/iu
  const match = pattern.exec(clean)
  if (!match) return { name: clean, minutes: 0 }
  const name = (match[1] ?? '').replace(/[（(:：\s]+$/u, '').trim()
  return { name: name === '' ? clean : name, minutes: Number(match[2]) }
}
