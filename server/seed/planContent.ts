import * as Y from 'yjs'
import type { DemoPlan } from './demoPlans.ts'

/** Name of the Y.XmlFragment the editor binds to (Tiptap's Collaboration default). */
export const CONTENT_FRAGMENT = 'default'

function element(
  name: string,
  text: string,
  attributes: Record<string, string> = {},
): Y.XmlElement {
  const node = new Y.XmlElement(name)
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value)
  const content = new Y.XmlText()
  content.insert(0, text)
  node.insert(0, [content])
  return node
}

/**
 * Builds the content of a demo plan as ProseMirror-shaped Yjs XML: a heading per section with
 * its paragraphs, and the 教学过程 steps with their three columns.
 */
export function buildPlanDoc(plan: DemoPlan): Y.Doc {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  const nodes: Y.XmlElement[] = [element('heading', plan.title, { level: '1' })]
  const { sections } = plan
  const order: Array<[string, string[]]> = [
    ['教材分析', sections.教材分析],
    ['学情分析', sections.学情分析],
    ['教学目标', sections.教学目标],
    ['教学重点', sections.教学重点],
    ['教学难点', sections.教学难点],
    ['教学准备', sections.教学准备],
  ]
  for (const [title, paragraphs] of order) {
    nodes.push(element('heading', title, { level: '2' }))
    for (const paragraph of paragraphs) nodes.push(element('paragraph', paragraph))
  }
  nodes.push(element('heading', '教学过程', { level: '2' }))
  plan.steps.forEach((step, index) => {
    nodes.push(
      element('heading', `${index + 1}. ${step.name}（${step.minutes}分钟）`, { level: '3' }),
    )
    nodes.push(element('paragraph', `教师活动：${step.teacher}`))
    nodes.push(element('paragraph', `学生活动：${step.student}`))
    nodes.push(element('paragraph', `设计意图：${step.intent}`))
  })
  const tail: Array<[string, string[]]> = [
    ['板书设计', sections.板书设计],
    ['作业设计', sections.作业设计],
    ['教学反思', sections.教学反思],
  ]
  for (const [title, paragraphs] of tail) {
    nodes.push(element('heading', title, { level: '2' }))
    for (const paragraph of paragraphs) nodes.push(element('paragraph', paragraph))
  }
  fragment.insert(0, nodes)
  return doc
}
