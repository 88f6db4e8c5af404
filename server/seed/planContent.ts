import type * as Y from 'yjs'
import { jsonToYDoc } from '../../shared/editor/derive.ts'
import { type PlanParts, planToJSON } from '../../shared/editor/planContent.ts'
import type { DemoPlan } from './demoPlans.ts'

/** A demo plan as the plain parts the shared editor definition builds documents from. */
export function demoPlanParts(
  plan: DemoPlan,
  mainPreparer: string,
  participants: string,
): PlanParts {
  const { sections } = plan
  return {
    header: {
      subject: plan.subject,
      grade: plan.grade,
      textbookEdition: plan.textbookEdition,
      unit: plan.unit,
      lessonTitle: plan.title,
      lessonType: plan.lessonType,
      periods: plan.periods,
      periodMinutes: plan.periodMinutes,
      mainPreparer,
      participants,
    },
    sections: {
      materialAnalysis: sections.教材分析,
      learnerAnalysis: sections.学情分析,
      objectives: sections.教学目标,
      keyPoints: sections.教学重点,
      difficulties: sections.教学难点,
      preparation: sections.教学准备,
      boardDesign: sections.板书设计,
      homework: sections.作业设计,
      reflection: sections.教学反思,
    },
    steps: plan.steps,
  }
}

/** Builds the collaborative content of a demo plan with the shared lesson-plan schema. */
export function buildPlanDoc(plan: DemoPlan, mainPreparer: string, participants: string): Y.Doc {
  return jsonToYDoc(planToJSON(demoPlanParts(plan, mainPreparer, participants)))
}
