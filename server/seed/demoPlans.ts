import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** A 教学过程 step. */
export interface DemoStep {
  /** Step name, e.g. the lead-in. */
  name: string
  /** Duration of the step in minutes. */
  minutes: number
  /** What the teacher does. */
  teacher: string
  /** What the students do. */
  student: string
  /** Design intent of the step. */
  intent: string
}

/** A realistic lesson plan used to seed the demo alliance and the shared library. */
export interface DemoPlan {
  /** Stable ASCII slug, unique across plans. */
  key: string
  /** Lesson title (Chinese), unique across plans. */
  title: string
  /** Subject: 语文, 数学, 英语, 物理, 化学, 生物, 历史, 地理, 道德与法治 or 科学. */
  subject: string
  /** Grade label, e.g. grade 7 or grade 5 in Chinese. */
  grade: string
  /** Textbook edition (publisher), e.g. PEP or the unified national edition. */
  textbookEdition: string
  /** Textbook unit or chapter. */
  unit: string
  /** Lesson within the unit, including the period when relevant. */
  lesson: string
  /** Lesson type: 新授课, 复习课, 练习课, 实验课 or 讲评课. */
  lessonType: string
  /** Number of class periods the lesson spans. */
  periods: number
  /** Length of one period: 40 in primary school, 45 in secondary school. */
  periodMinutes: 40 | 45
  /** Search keywords. */
  keywords: string[]
  /** Plan sections in display order, each an array of plain-text paragraphs; 教学过程 lives in steps. */
  sections: {
    教材分析: string[]
    学情分析: string[]
    教学目标: string[]
    教学重点: string[]
    教学难点: string[]
    教学准备: string[]
    板书设计: string[]
    作业设计: string[]
    教学反思: string[]
  }
  /** 教学过程 steps; their minutes sum exactly to periodMinutes. */
  steps: DemoStep[]
  /** Authoring demo school: 0 城关第一中学, 1 实验中学, 2 河西乡中心学校. */
  school: 0 | 1 | 2
}

const paragraphs = z.array(z.string())

const demoStepSchema = z
  .object({
    name: z.string().min(1),
    minutes: z.number().int().positive(),
    teacher: z.string(),
    student: z.string(),
    intent: z.string(),
  })
  .strict()

/** One plan file of `server/seed/plans/`, checked against the `DemoPlan` type. */
const demoPlanSchema: z.ZodType<DemoPlan> = z
  .object({
    key: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    subject: z.string().min(1),
    grade: z.string().min(1),
    textbookEdition: z.string(),
    unit: z.string(),
    lesson: z.string(),
    lessonType: z.string().min(1),
    periods: z.number().int().positive(),
    periodMinutes: z.union([z.literal(40), z.literal(45)]),
    keywords: z.array(z.string().min(1)),
    sections: z
      .object({
        教材分析: paragraphs,
        学情分析: paragraphs,
        教学目标: paragraphs,
        教学重点: paragraphs,
        教学难点: paragraphs,
        教学准备: paragraphs,
        板书设计: paragraphs,
        作业设计: paragraphs,
        教学反思: paragraphs,
      })
      .strict(),
    steps: z.array(demoStepSchema).min(1),
    school: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  })
  .strict()
  .refine(
    (plan) => plan.steps.reduce((sum, step) => sum + step.minutes, 0) === plan.periodMinutes,
    'the minutes of the steps must add up to periodMinutes',
  )

/** The folder of the plan files: `NN-<key>.json`, read in the order of their numbers. */
const PLANS_FOLDER = fileURLToPath(new URL('./plans/', import.meta.url))

/** A plan file's name: its place in the list, then the plan's key. */
const PLAN_FILE = /^(\d+)-([a-z0-9-]+)\.json$/

/**
 * Reads and checks every plan file of a folder, in the order of their numbers; throws naming the
 * file when one does not match `DemoPlan`, when its name and key disagree, or when two plans
 * share a key or a title.
 */
export function loadDemoPlans(folder: string = PLANS_FOLDER): DemoPlan[] {
  const files = fs
    .readdirSync(folder)
    .filter((file) => PLAN_FILE.test(file))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
  const plans = files.map((file) => {
    const parsed = demoPlanSchema.safeParse(
      JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')),
    )
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`)
    if (PLAN_FILE.exec(file)?.[2] !== parsed.data.key) {
      throw new Error(`${file}: the file name does not end with the plan's key ${parsed.data.key}`)
    }
    return parsed.data
  })
  for (const field of ['key', 'title'] as const) {
    const values = plans.map((plan) => plan[field])
    const repeated = values.find((value, index) => values.indexOf(value) !== index)
    if (repeated !== undefined) throw new Error(`two demo plans have the ${field} ${repeated}`)
  }
  return plans
}

/**
 * The 24 demo lesson plans, from `server/seed/plans/`; the first four belong to the grade-7
 * maths joint teaching-research demo group.
 */
export const DEMO_PLANS: DemoPlan[] = loadDemoPlans()
