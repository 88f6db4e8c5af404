import type { JSONContent } from '@tiptap/core'
import {
  Fragment,
  type ParseRule,
  type Node as PMNode,
  Slice,
  type TagParseRule,
} from '@tiptap/pm/model'
import { EditorState } from '@tiptap/pm/state'
import { ReplaceStep } from '@tiptap/pm/transform'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_PLANS, type DemoPlan } from '../../server/seed/demoPlans.ts'
import { demoPlanParts } from '../../server/seed/planContent.ts'
import {
  headerOf,
  jsonToYDoc,
  normalizePlanJSON,
  parsePlan,
  planSchema,
  planText,
  yDocToJSON,
} from '../../shared/editor/derive.ts'
import { PLAN_LINK_OPTIONS, planExtensions } from '../../shared/editor/extensions.ts'
import { minutesSummary, processSteps } from '../../shared/editor/minutes.ts'
import { emptyPlanJSON, type PlanParts, planToJSON } from '../../shared/editor/planContent.ts'
import {
  DEFAULT_HEADER,
  DOC_CHILD_NODES,
  DOC_CONTENT,
  PLAN_FRAGMENT,
  SECTIONS,
  sectionByLabel,
} from '../../shared/editor/planSchema.ts'
import { isSafeImageSrc, isSafeLinkHref } from '../../shared/editor/safeUrls.ts'

/** The demo plan as plain parts, keyed by the ASCII section keys. */
function demoParts(plan: DemoPlan): PlanParts {
  return demoPlanParts(plan, '王老师', '李老师、张老师')
}

function first<T>(items: readonly T[]): T {
  const item = items[0]
  if (item === undefined) throw new Error('empty list')
  return item
}

const firstPlan = first(DEMO_PLANS)

function isTagRule(rule: ParseRule | undefined): rule is TagParseRule {
  return rule !== undefined && 'tag' in rule && typeof rule.tag === 'string'
}

function demoState(): EditorState {
  return EditorState.create({
    schema: planSchema(),
    doc: parsePlan(planToJSON(demoParts(firstPlan))),
  })
}

function childTypes(doc: PMNode): string[] {
  const types: string[] = []
  doc.forEach((child) => {
    types.push(child.type.name)
  })
  return types
}

/** Start position and node of a top-level child by type name. */
function child(doc: PMNode, type: string): { pos: number; node: PMNode } {
  let found: { pos: number; node: PMNode } | undefined
  doc.forEach((node, pos) => {
    if (node.type.name === type) found = { pos, node }
  })
  if (!found) throw new Error(`no ${type}`)
  return found
}

/** Applies `edit` to a transaction; either it throws or the structure is intact. */
function expectStructureKept(state: EditorState, edit: (tr: EditorState['tr']) => void): void {
  const tr = state.tr
  try {
    edit(tr)
  } catch {
    return // the step was refused: nothing changed
  }
  const next = state.apply(tr)
  expect(() => next.doc.check()).not.toThrow()
  expect(childTypes(next.doc)).toEqual(DOC_CHILD_NODES)
}

describe('plan schema', () => {
  it('is one fixed sequence: the header and one node type per section', () => {
    const schema = planSchema()
    expect(schema.topNodeType.spec.content).toBe(DOC_CONTENT)
    expect(DOC_CONTENT).toBe(
      'planHeader materialAnalysis learnerAnalysis objectives keyPoints difficulties preparation teachingProcess boardDesign homework reflection',
    )
    expect(SECTIONS.map((s) => s.label['zh-CN'])).toEqual([
      '教材分析',
      '学情分析',
      '教学目标',
      '教学重点',
      '教学难点',
      '教学准备',
      '教学过程',
      '板书设计',
      '作业设计',
      '教学反思',
    ])
    for (const section of SECTIONS) {
      const spec = schema.nodes[section.node]?.spec
      expect(spec).toMatchObject({ isolating: true, defining: true, selectable: false })
      expect(spec?.draggable).toBe(false)
      expect(spec?.group).toBeUndefined() // never a `block`, so never insertable elsewhere
    }
    expect(schema.nodes.heading?.spec.parseDOM?.map((rule) => rule.tag)).toEqual(['h3', 'h4'])
    expect(schema.nodes.codeBlock).toBeUndefined()
  })

  it('keeps undo/redo unless collaboration brings its own', () => {
    const names = (collaboration: boolean) =>
      planExtensions({ collaboration })
        .flatMap((ext) => (ext.name === 'starterKit' ? [ext.options.undoRedo] : []))
        .map((undoRedo) => undoRedo !== false)
    expect(names(false)).toEqual([true])
    expect(names(true)).toEqual([false])
  })

  it('the template and every demo plan are valid documents', () => {
    expect(() => parsePlan(emptyPlanJSON({ lessonTitle: '新课' }))).not.toThrow()
    const labels = new Set<string>()
    for (const plan of DEMO_PLANS) {
      for (const label of Object.keys(plan.sections)) labels.add(label)
      const json = planToJSON(demoParts(plan))
      expect(() => planSchema().nodeFromJSON(json).check(), plan.key).not.toThrow()
    }
    for (const label of labels) expect(sectionByLabel(label), label).toBeDefined()
  })

  it('refuses a step that removes a section or the header', () => {
    const { doc } = demoState()
    for (const type of ['objectives', 'teachingProcess', 'planHeader']) {
      const { pos, node } = child(doc, type)
      const result = new ReplaceStep(pos, pos + node.nodeSize, Slice.empty).apply(doc)
      expect(result.failed, type).toMatch(/Invalid content/)
    }
  })

  it('keeps every section in order whatever range is deleted', () => {
    const state = demoState()
    const { doc } = state
    const objectives = child(doc, 'objectives')
    const keyPoints = child(doc, 'keyPoints')
    const reflection = child(doc, 'reflection')
    // over a whole section node
    expectStructureKept(state, (tr) =>
      tr.delete(objectives.pos, objectives.pos + objectives.node.nodeSize),
    )
    // from inside one section into the next
    expectStructureKept(state, (tr) => tr.delete(objectives.pos + 3, keyPoints.pos + 3))
    // several whole sections, then everything
    expectStructureKept(state, (tr) => tr.delete(objectives.pos, reflection.pos))
    expectStructureKept(state, (tr) => tr.delete(0, doc.content.size))
    // a raw step that deletes a section fails outright
    expect(() =>
      state.tr.step(
        new ReplaceStep(objectives.pos, objectives.pos + objectives.node.nodeSize, Slice.empty),
      ),
    ).toThrow(/Invalid content/)
  })

  it('refuses to reorder or duplicate sections', () => {
    const state = demoState()
    const { doc } = state
    const objectives = child(doc, 'objectives')
    const keyPoints = child(doc, 'keyPoints')
    const end = keyPoints.pos + keyPoints.node.nodeSize
    const swapped = new Slice(Fragment.from([keyPoints.node, objectives.node]), 0, 0)
    expect(new ReplaceStep(objectives.pos, end, swapped).apply(doc).failed).toMatch(
      /Invalid content/,
    )
    expectStructureKept(state, (tr) => tr.replace(objectives.pos, end, swapped))
    expectStructureKept(state, (tr) => tr.insert(objectives.pos, objectives.node))
    const moved = new Slice(Fragment.from(objectives.node), 0, 0)
    expect(new ReplaceStep(end, end, moved).apply(doc).failed).toMatch(/Invalid content/)
  })

  it('lets text inside a section be edited and a step be removed but not the last one', () => {
    const state = demoState()
    const objectives = child(state.doc, 'objectives')
    const edited = state.apply(state.tr.insertText('新', objectives.pos + 2))
    expect(() => edited.doc.check()).not.toThrow()
    const process = child(state.doc, 'teachingProcess')
    const first = process.node.child(0)
    const start = process.pos + 1
    const removed = new ReplaceStep(start, start + first.nodeSize, Slice.empty).apply(state.doc)
    expect(removed.failed).toBeNull()
    const onlyStep = parsePlan(planToJSON({ ...demoParts(firstPlan), steps: [] }))
    const single = child(onlyStep, 'teachingProcess')
    const last = single.node.child(0)
    const step = new ReplaceStep(single.pos + 1, single.pos + 1 + last.nodeSize, Slice.empty)
    expect(step.apply(onlyStep).failed).toMatch(/Invalid content/)
  })

  it('renders sections, steps and the header as tagged HTML', () => {
    const schema = planSchema()
    const doc = parsePlan(planToJSON(demoParts(firstPlan)))
    const objectives = child(doc, 'objectives').node
    expect(schema.nodes.objectives?.spec.toDOM?.(objectives)).toEqual([
      'section',
      { 'data-section': 'objectives' },
      ['h2', { contenteditable: 'false', 'data-plan-label': '' }, '教学目标'],
      ['div', { 'data-section-body': '' }, 0],
    ])
    const step = child(doc, 'teachingProcess').node.child(0)
    expect(schema.nodes.processStep?.spec.toDOM?.(step)).toEqual([
      'div',
      { 'data-name': '情境导入', 'data-minutes': '4', 'data-process-step': '' },
      ['div', { contenteditable: 'false', 'data-plan-label': '' }, '情境导入（4分钟）'],
      ['div', { 'data-step-columns': '' }, 0],
    ])
    expect(schema.nodes.stepStudent?.spec.toDOM?.(step.child(1))).toEqual([
      'div',
      { 'data-column': 'student' },
      ['div', { contenteditable: 'false', 'data-plan-label': '' }, '学生活动'],
      ['div', { 'data-column-body': '' }, 0],
    ])
    const headerDom = schema.nodes.planHeader?.spec.toDOM?.(child(doc, 'planHeader').node)
    if (!Array.isArray(headerDom)) throw new Error('header renders no array spec')
    expect(headerDom[0]).toBe('header')
    expect(headerDom[1]).toMatchObject({
      'data-plan-header': '',
      'data-lesson-title': '有理数的概念与分类',
      'data-textbook-edition': '人教版',
      'data-period-minutes': '45',
      'data-periods': '1',
    })
  })
})

describe('minutes', () => {
  const steps = [
    { name: '导入', minutes: 5, teacher: '', student: '', intent: '' },
    { name: '新授', minutes: 25, teacher: '', student: '', intent: '' },
    { name: '练习', minutes: 10, teacher: '', student: '', intent: '' },
    { name: '小结', minutes: 5, teacher: '', student: '', intent: '' },
  ]
  const parts = (periodMinutes: 40 | 45, periods = 1): PlanParts => ({
    ...demoParts(firstPlan),
    header: { ...DEFAULT_HEADER, periodMinutes, periods },
    steps,
  })

  it('lists the steps and sums them against the period length', () => {
    const json = planToJSON(parts(45))
    expect(processSteps(json)).toEqual(steps.map(({ name, minutes }) => ({ name, minutes })))
    expect(minutesSummary(json)).toEqual({ total: 45, period: 45, mismatch: false })
    expect(minutesSummary(planToJSON(parts(40)))).toEqual({ total: 45, period: 40, mismatch: true })
    expect(minutesSummary(planToJSON(parts(45, 2)))).toEqual({
      total: 45,
      period: 90,
      mismatch: true,
    })
  })

  it('the template adds up to the lesson length', () => {
    expect(minutesSummary(emptyPlanJSON({ periodMinutes: 40 }))).toEqual({
      total: 40,
      period: 40,
      mismatch: false,
    })
    expect(processSteps(emptyPlanJSON()).map((s) => s.name)).toEqual([
      '导入',
      '新授',
      '练习',
      '小结',
    ])
  })

  it('demo plans: steps fill one period', () => {
    for (const plan of DEMO_PLANS) {
      const summary = minutesSummary(planToJSON(demoParts(plan)))
      expect(summary.total, plan.key).toBe(plan.periodMinutes)
      // plans spanning 2 periods describe one period's process, so they report a mismatch
      expect(summary.mismatch, plan.key).toBe(plan.periods !== 1)
    }
  })
})

describe('safe urls', () => {
  const unsafeLinks = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/\\evil.example/x',
    'plans/x',
    '',
  ]
  const safeLinks = [
    'https://example.com/a?b=1',
    'HTTP://example.com',
    'mailto:teacher@example.com',
    '/plans/x',
    ' https://example.com ',
  ]

  it('links: http(s), mailto and "/" paths only', () => {
    for (const href of unsafeLinks) expect(isSafeLinkHref(href), JSON.stringify(href)).toBe(false)
    for (const href of safeLinks) expect(isSafeLinkHref(href), href).toBe(true)
    expect(isSafeLinkHref(null)).toBe(false)
  })

  it('images: http(s) and /uploads/ only', () => {
    expect(isSafeImageSrc('https://cdn.example.com/a.png')).toBe(true)
    expect(isSafeImageSrc('/uploads/2024/a.png')).toBe(true)
    for (const src of [
      'data:image/png;base64,AAAA',
      'javascript:alert(1)',
      '/api/logout',
      '/uploads/../api/logout',
      '/uploads/%2e%2e/api/logout',
      'uploads/a.png',
    ]) {
      expect(isSafeImageSrc(src), src).toBe(false)
    }
  })

  /** A stand-in for the element the HTML parser hands to a parse rule (no DOM in Node). */
  function element(attributes: Record<string, string>): HTMLElement {
    const stub = { getAttribute: (name: string) => attributes[name] ?? null }
    return stub as unknown as HTMLElement
  }

  it('the Link mark refuses unsafe hrefs when parsing and rendering', () => {
    const schema = planSchema()
    const rule = schema.marks.link?.spec.parseDOM?.[0]
    if (!isTagRule(rule) || !rule.getAttrs) throw new Error('no link parse rule')
    expect(rule.tag).toBe('a[href]')
    expect(rule.getAttrs(element({ href: 'javascript:alert(1)' }))).toBe(false)
    expect(rule.getAttrs(element({ href: 'java\tscript:alert(1)' }))).toBe(false)
    expect(rule.getAttrs(element({ href: 'data:text/html,x' }))).toBe(false)
    expect(rule.getAttrs(element({ href: 'https://example.com' }))).toMatchObject({
      href: 'https://example.com',
    })
    expect(rule.getAttrs(element({ href: '/plans/x' }))).toMatchObject({ href: '/plans/x' })
    const bad = schema.marks.link?.create({ href: 'javascript:alert(1)' })
    const good = schema.marks.link?.create({ href: 'mailto:a@b.cn' })
    if (!bad || !good) throw new Error('no link mark')
    expect(schema.marks.link?.spec.toDOM?.(bad, true)).toMatchObject(['a', { href: '' }, 0])
    expect(schema.marks.link?.spec.toDOM?.(good, true)).toMatchObject([
      'a',
      { href: 'mailto:a@b.cn', rel: 'noopener noreferrer nofollow' },
      0,
    ])
    const ctx = { defaultValidate: () => true, protocols: [], defaultProtocol: 'https' }
    expect(PLAN_LINK_OPTIONS.isAllowedUri?.('vbscript:x', ctx)).toBe(false)
    expect(PLAN_LINK_OPTIONS.openOnClick).toBe(false)
    expect(PLAN_LINK_OPTIONS.autolink).toBe(true)
  })

  it('the image node refuses unsafe sources when parsing and rendering', () => {
    const schema = planSchema()
    const rule = schema.nodes.image?.spec.parseDOM?.[0]
    if (!isTagRule(rule) || !rule.getAttrs) throw new Error('no image parse rule')
    expect(rule.getAttrs(element({ src: 'javascript:alert(1)' }))).toBe(false)
    expect(rule.getAttrs(element({ src: 'data:image/png;base64,AAAA' }))).toBe(false)
    expect(rule.getAttrs(element({ src: '/uploads/a.png' }))).toMatchObject({
      src: '/uploads/a.png',
    })
    const image = schema.nodes.image
    if (!image) throw new Error('no image node')
    expect(image.spec.toDOM?.(image.create({ src: 'javascript:alert(1)' }))).toMatchObject([
      'img',
      { src: '' },
    ])
    expect(image.spec.toDOM?.(image.create({ src: '/uploads/a.png' }))).toMatchObject([
      'img',
      { src: '/uploads/a.png' },
    ])
  })
})

describe('derivation', () => {
  /** A plan using every kind of block and mark, to exercise the Yjs mapping. */
  function richPlan(): JSONContent {
    const json = planToJSON(demoParts(firstPlan))
    const rich: JSONContent[] = [
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '一、地位' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: '粗', marks: [{ type: 'bold' }] },
          { type: 'text', text: '斜', marks: [{ type: 'italic' }, { type: 'underline' }] },
          { type: 'hardBreak' },
          { type: 'text', text: '删', marks: [{ type: 'strike' }] },
          { type: 'text', text: 'x+1', marks: [{ type: 'code' }] },
          {
            type: 'text',
            text: '课标',
            marks: [{ type: 'link', attrs: { href: 'https://example.com/kb' } }],
          },
        ],
      },
      {
        type: 'bulletList',
        content: [
          {
            type: 'listItem',
            content: [{ type: 'paragraph', content: [{ type: 'text', text: '甲' }] }],
          },
        ],
      },
      {
        type: 'orderedList',
        content: [
          {
            type: 'listItem',
            content: [{ type: 'paragraph', content: [{ type: 'text', text: '乙' }] }],
          },
        ],
      },
      {
        type: 'blockquote',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '引' }] }],
      },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              {
                type: 'tableHeader',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: '环节' }] }],
              },
              {
                type: 'tableHeader',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: '时间' }] }],
              },
            ],
          },
          {
            type: 'tableRow',
            content: [
              {
                type: 'tableCell',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: '导入' }] }],
              },
              { type: 'tableCell', content: [{ type: 'paragraph' }] },
            ],
          },
        ],
      },
      { type: 'image', attrs: { src: '/uploads/board.png', alt: '板书照片' } },
    ]
    const material = json.content?.[1]
    if (!material?.content) throw new Error('no materialAnalysis')
    material.content.push(...rich)
    return json
  }

  it('round-trips plan JSON through a Y.Doc and its encoded update', () => {
    for (const json of [
      richPlan(),
      emptyPlanJSON({ lessonTitle: '空' }),
      ...DEMO_PLANS.map((p) => planToJSON(demoParts(p))),
    ]) {
      const normalized = normalizePlanJSON(json)
      const ydoc = jsonToYDoc(json)
      expect(ydoc.getXmlFragment(PLAN_FRAGMENT).length).toBe(11)
      expect(yDocToJSON(ydoc)).toEqual(normalized)
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
      expect(yDocToJSON(copy)).toEqual(normalized)
      expect(() => parsePlan(yDocToJSON(copy))).not.toThrow()
    }
  })

  it('reading a Y.Doc does not modify it', () => {
    const ydoc = jsonToYDoc(richPlan())
    const before = Y.encodeStateVector(ydoc)
    yDocToJSON(ydoc)
    expect(Y.encodeStateVector(ydoc)).toEqual(before)
  })

  it('refuses to write JSON that is not a valid plan', () => {
    const json = planToJSON(demoParts(firstPlan))
    const broken = { ...json, content: json.content?.slice(0, 5) }
    expect(() => jsonToYDoc(broken)).toThrow()
  })

  it('derives the header and plain text with every section title and step line', () => {
    const json = richPlan()
    expect(headerOf(json)).toMatchObject({ lessonTitle: firstPlan.title, periodMinutes: 45 })
    const text = planText(json)
    for (const section of SECTIONS) expect(text).toContain(`\n\n${section.label['zh-CN']}\n`)
    for (const step of firstPlan.steps) {
      expect(text).toContain(
        `${step.name}（${step.minutes}分钟）\n教师活动：${step.teacher}\n学生活动：${step.student}\n设计意图：${step.intent}`,
      )
    }
    expect(text.startsWith(`${firstPlan.title}\n学科：数学`)).toBe(true)
    expect(text).toContain('环节 | 时间')
    expect(text).toContain('粗斜\n删x+1课标')
    expect(text).toContain('板书照片')
    const blocks = text.split('\n\n')
    expect(blocks).toHaveLength(11)
    expect(blocks.slice(1).map((block) => block.split('\n')[0])).toEqual(
      SECTIONS.map((s) => s.label['zh-CN']),
    )
  })
})
