import * as Y from 'yjs'
import { PLAN_PART_KEYS, type PlanPartKey } from '../../../../shared/editor/planDiff.ts'
import {
  PLAN_FRAGMENT,
  PLAN_HEADER_NODE,
  PROCESS_STEP_NODE,
  sectionDef,
} from '../../../../shared/editor/planSchema.ts'

/** What a restore brings back: the whole plan, one part, or one 教学过程 step. */
export interface RestoreTarget {
  section?: PlanPartKey
  step?: number
}

type XmlChild = Y.XmlElement | Y.XmlText

function nodeNameOf(key: PlanPartKey): string {
  return key === 'header' ? PLAN_HEADER_NODE : sectionDef(key).node
}

function elementNamed(parent: Y.XmlFragment | Y.XmlElement, nodeName: string): number {
  return parent
    .toArray()
    .findIndex((child) => child instanceof Y.XmlElement && child.nodeName === nodeName)
}

function childrenOf(parent: Y.XmlElement): XmlChild[] {
  return parent
    .toArray()
    .filter(
      (child): child is XmlChild => child instanceof Y.XmlElement || child instanceof Y.XmlText,
    )
}

/** Sets the target's attributes to the source's, touching only those that differ. */
function syncAttributes(target: Y.XmlElement, source: Y.XmlElement): void {
  const wanted = source.getAttributes()
  for (const name of Object.keys(target.getAttributes())) {
    if (!(name in wanted)) target.removeAttribute(name)
  }
  for (const [name, value] of Object.entries(wanted)) {
    if (value !== undefined && target.getAttribute(name) !== value) target.setAttribute(name, value)
  }
}

/**
 * Makes a live element equal to a version's: its attributes set one by one, and, when its
 * content differs, its children deleted and copies of the version's inserted. The element
 * itself stays, so nothing outside it is touched.
 */
function restoreElement(target: Y.XmlElement, source: Y.XmlElement): void {
  syncAttributes(target, source)
  const same =
    target.toArray().length === source.toArray().length && target.toString() === source.toString()
  if (same) return
  if (target.length > 0) target.delete(0, target.length)
  const copies = childrenOf(source).map((child) => child.clone())
  if (copies.length > 0) target.insert(0, copies)
}

/** The index at which a missing part goes: after the nearest earlier part the live plan has. */
function insertionIndex(live: Y.XmlFragment, key: PlanPartKey): number {
  const order = PLAN_PART_KEYS.indexOf(key)
  for (let earlier = order - 1; earlier >= 0; earlier -= 1) {
    const earlierKey = PLAN_PART_KEYS[earlier]
    if (earlierKey === undefined) continue
    const index = elementNamed(live, nodeNameOf(earlierKey))
    if (index >= 0) return index + 1
  }
  return 0
}

function restorePart(live: Y.XmlFragment, version: Y.XmlFragment, key: PlanPartKey): void {
  const nodeName = nodeNameOf(key)
  const sourceIndex = elementNamed(version, nodeName)
  const targetIndex = elementNamed(live, nodeName)
  const source = sourceIndex >= 0 ? version.get(sourceIndex) : undefined
  const target = targetIndex >= 0 ? live.get(targetIndex) : undefined
  if (!(source instanceof Y.XmlElement)) {
    if (target !== undefined) live.delete(targetIndex, 1)
    return
  }
  if (target instanceof Y.XmlElement) restoreElement(target, source)
  else live.insert(insertionIndex(live, key), [source.clone()])
}

/** The 教学过程 steps of a plan fragment, and the process section holding them. */
function stepsOf(fragment: Y.XmlFragment): { section: Y.XmlElement | null; steps: Y.XmlElement[] } {
  const index = elementNamed(fragment, nodeNameOf('process'))
  const section = index >= 0 ? fragment.get(index) : undefined
  if (!(section instanceof Y.XmlElement)) return { section: null, steps: [] }
  const steps = section
    .toArray()
    .filter(
      (child): child is Y.XmlElement =>
        child instanceof Y.XmlElement && child.nodeName === PROCESS_STEP_NODE,
    )
  return { section, steps }
}

/** Whether a version has the step a restore asks for. */
export function versionHasStep(version: Y.Doc, step: number): boolean {
  return stepsOf(version.getXmlFragment(PLAN_FRAGMENT)).steps[step] !== undefined
}

function restoreStep(live: Y.XmlFragment, version: Y.XmlFragment, step: number): void {
  const source = stepsOf(version).steps[step]
  if (!source) return
  const { section, steps } = stepsOf(live)
  if (!section) {
    restorePart(live, version, 'process')
    return
  }
  const target = steps[step]
  if (target) {
    restoreElement(target, source)
    return
  }
  const last = steps[steps.length - 1]
  const index = last ? section.toArray().indexOf(last) + 1 : section.length
  section.insert(index, [source.clone()])
}

/**
 * Turns the live plan (inside the caller's transaction) into a version's content: the whole
 * plan part by part, one part, or one step. Only what differs is replaced, so concurrent edits
 * elsewhere survive; the version's state is never applied as an update (that would union it).
 */
export function restoreInto(live: Y.Doc, version: Y.Doc, target: RestoreTarget): void {
  const liveFragment = live.getXmlFragment(PLAN_FRAGMENT)
  const versionFragment = version.getXmlFragment(PLAN_FRAGMENT)
  if (target.step !== undefined) {
    restoreStep(liveFragment, versionFragment, target.step)
    return
  }
  const keys = target.section ? [target.section] : PLAN_PART_KEYS
  for (const key of keys) restorePart(liveFragment, versionFragment, key)
}
