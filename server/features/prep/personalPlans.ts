import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import type { PublicUser } from '../../../shared/domain.ts'
import { jsonToYDoc, yDocToJSON } from '../../../shared/editor/derive.ts'
import {
  comparePlans,
  mergePlanParts,
  type PartComparison,
  type PartMerge,
  type PlanPartKey,
  takesTheirs,
} from '../../../shared/editor/planDiff.ts'
import { PLAN_FRAGMENT, PLAN_HEADER_NODE, sectionDef } from '../../../shared/editor/planSchema.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { DomainError } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { AccessibleDocumentRow } from '../documents/index.ts'
import { changedPartsBetween, EMPTY_PLAN, MILESTONE_NAMES } from '../history/index.ts'
import { versionState as libraryVersionState } from '../library/index.ts'
import { insertPersonalPlan, setAdaptedFromVersion, setPersonalBaseVersion } from './commands.ts'
import {
  chosenPlanParts,
  requireFinalCommonPlan,
  requireNewerUpstream,
  requireSignedVersion,
} from './policy.ts'
import { hasPersonalPlanFor, libraryEntryVersion, loadLifecycle } from './queries.ts'

/** Dependencies of the 个案 commands. */
export interface PersonalPlanDeps {
  kdb: AppKysely
  executor: SqlExecutor
  store: DocumentStore
  registry: DocumentRegistry
}

/** A Y.Doc holding a stored state (the caller destroys it). */
function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

/** The plan JSON of a stored state. */
function jsonOf(state: Uint8Array): JSONContent {
  const doc = docOf(state)
  try {
    return yDocToJSON(doc)
  } finally {
    doc.destroy()
  }
}

/** The state of a saved version of a plan; 409 when it is missing. */
async function versionState(
  store: DocumentStore,
  documentId: string,
  versionId: number,
): Promise<Uint8Array> {
  const state = await store.loadVersion(documentId, versionId)
  if (!state) throw new DomainError('version_missing', 'The signed version is missing')
  return state
}

/** The latest signed version of a common plan; 409 `not_signed` when it was never signed. */
async function latestSignedVersion(db: AppKysely, commonPlanId: string): Promise<number> {
  return requireSignedVersion(await loadLifecycle(db, commonPlanId))
}

/**
 * Derives a 个案 (personal adaptation) of a signed common plan for one class: a new plan of the
 * caller, in the caller's school and the same group, whose content is the signed version's
 * (rebuilt from its JSON, so it has a history of its own), linked to the common plan.
 */
export async function derivePersonalPlan(
  deps: PersonalPlanDeps,
  user: PublicUser,
  common: AccessibleDocumentRow,
  className: string,
): Promise<string> {
  const { kdb, store } = deps
  requireFinalCommonPlan(common)
  const versionId = await latestSignedVersion(kdb, common.id)
  if (await hasPersonalPlanFor(kdb, common.id, user.id, className)) {
    throw new DomainError('personal_exists', 'You already have a 个案 of this plan for that class')
  }
  const json = jsonOf(await versionState(store, common.id, versionId))
  const copy = jsonToYDoc(json)
  const state = Y.encodeStateAsUpdate(copy)
  copy.destroy()
  const id = await insertPersonalPlan(deps.executor, {
    user,
    common,
    className,
    baseVersionId: versionId,
    json,
    at: Date.now(),
  })
  // A brand-new document nobody has opened: writing its first state directly is safe.
  await store.compact(id, state, 0)
  await store.saveVersion(id, MILESTONE_NAMES.personal_created, 'milestone', state, {
    milestone: 'personal_created',
    createdBy: user.id,
    editors: [user.id],
    changedParts: changedPartsBetween(EMPTY_PLAN, json),
  })
  return id
}

/** The comparison of a 个案 (or a library adaptation) with what it derives from. */
export interface PersonalComparison {
  /** A 个案's common plan, or the library entry an adapted plan came from. */
  source: 'common_plan' | 'library'
  upstreamId: string
  baseVersionId: number
  latestVersionId: number
  /** Whether the common plan was signed again since the 个案 last took it in. */
  newerAvailable: boolean
  /** Common plan as taken in (left) against the 个案 (right). */
  withBase: PartComparison[]
  /** Latest signed common plan (left) against the 个案 (right). */
  withLatest: PartComparison[]
  /** What bringing in the latest version would do per part, with nothing chosen. */
  merge: PartMerge[]
}

/** What a plan derives from: the common plan of a 个案, or the library entry it adapts. */
interface Upstream {
  source: 'common_plan' | 'library'
  /** The common plan's id, or the library entry's. */
  upstreamId: string
  /** The version last taken in: a signed version id, or a library version number. */
  baseVersionId: number
  /** The newest version available upstream. */
  latestVersionId: number
  loadVersion(versionId: number): Promise<Uint8Array>
  /** Records that the plan now builds on `versionId`. */
  markTaken(versionId: number): Promise<void>
}

/** The upstream of a 个案 or of a plan adapted from the library; 409 `not_personal` otherwise. */
async function upstreamOf(deps: PersonalPlanDeps, doc: AccessibleDocumentRow): Promise<Upstream> {
  const { kdb, store } = deps
  const lifecycle = await loadLifecycle(kdb, doc.id)
  if (lifecycle?.commonPlanId && lifecycle.baseVersionId !== null) {
    const commonPlanId = lifecycle.commonPlanId
    return {
      source: 'common_plan',
      upstreamId: commonPlanId,
      baseVersionId: lifecycle.baseVersionId,
      latestVersionId: await latestSignedVersion(kdb, commonPlanId),
      loadVersion: (versionId) => versionState(store, commonPlanId, versionId),
      markTaken: (versionId) => setPersonalBaseVersion(kdb, doc.id, versionId),
    }
  }
  if (doc.adaptedFromEntryId && doc.adaptedFromVersion !== null) {
    const entryId = doc.adaptedFromEntryId
    const entry = await libraryEntryVersion(kdb, entryId)
    return {
      source: 'library',
      upstreamId: entryId,
      baseVersionId: doc.adaptedFromVersion,
      // A withdrawn entry offers nothing newer.
      latestVersionId: entry?.status === 'published' ? entry.latestVersion : doc.adaptedFromVersion,
      loadVersion: async (version) => {
        const state = await libraryVersionState(kdb, entryId, version)
        if (!state) throw new DomainError('version_missing', 'The library version is missing')
        return state
      },
      markTaken: (version) => setAdaptedFromVersion(kdb, doc.id, version),
    }
  }
  throw new DomainError(
    'not_personal',
    'This plan is neither a 个案 of a common plan nor adapted from the library',
  )
}

/** Compares a 个案 (or library adaptation) with its base version and with the latest upstream. */
export async function comparePersonalPlan(
  deps: PersonalPlanDeps,
  doc: AccessibleDocumentRow,
): Promise<PersonalComparison> {
  const upstream = await upstreamOf(deps, doc)
  const { baseVersionId, latestVersionId } = upstream
  const mine = jsonOf(await deps.registry.encodeState(doc.id))
  const base = jsonOf(await upstream.loadVersion(baseVersionId))
  const latest =
    latestVersionId === baseVersionId ? base : jsonOf(await upstream.loadVersion(latestVersionId))
  return {
    source: upstream.source,
    upstreamId: upstream.upstreamId,
    baseVersionId,
    latestVersionId,
    newerAvailable: latestVersionId !== baseVersionId,
    withBase: comparePlans(base, mine),
    withLatest: comparePlans(latest, mine),
    merge: mergePlanParts(base, latest, mine),
  }
}

/** The node type name of a part of the plan. */
function nodeNameOf(key: PlanPartKey): string {
  return key === 'header' ? PLAN_HEADER_NODE : sectionDef(key).node
}

function childIndex(fragment: Y.XmlFragment, nodeName: string): number {
  return fragment
    .toArray()
    .findIndex((child) => child instanceof Y.XmlElement && child.nodeName === nodeName)
}

/**
 * Replaces one part of the live plan with the common plan's: the header's attributes are set
 * one by one; a section element is swapped for a copy of the common plan's. Nothing else in
 * the document is touched, so concurrent personal edits elsewhere are kept.
 */
function replacePart(mine: Y.XmlFragment, theirs: Y.XmlFragment, key: PlanPartKey): void {
  const nodeName = nodeNameOf(key)
  const sourceIndex = childIndex(theirs, nodeName)
  const index = childIndex(mine, nodeName)
  if (sourceIndex < 0 || index < 0) return
  const source = theirs.get(sourceIndex)
  const target = mine.get(index)
  if (!(source instanceof Y.XmlElement) || !(target instanceof Y.XmlElement)) return
  if (key === 'header') {
    const wanted = source.getAttributes()
    for (const name of Object.keys(target.getAttributes())) {
      if (!(name in wanted)) target.removeAttribute(name)
    }
    for (const [name, value] of Object.entries(wanted)) {
      if (value !== undefined && target.getAttribute(name) !== value) {
        target.setAttribute(name, value)
      }
    }
    return
  }
  mine.delete(index, 1)
  mine.insert(index, [source.clone()])
}

/** The outcome of bringing in the common plan's latest version. */
export interface BringInResult {
  baseVersionId: number
  merge: PartMerge[]
  /** Parts replaced by the common plan's content. */
  taken: PlanPartKey[]
}

/**
 * Brings the latest signed common plan into a 个案 (three-way merge per part, base = the
 * version last taken in): parts the teacher did not change take the new content; parts the
 * teacher changed are kept unless listed in `chosen`. Applied to the live document through the
 * registry; afterwards the 个案's base is the latest signed version.
 */
export async function bringInCommonChanges(
  deps: PersonalPlanDeps,
  doc: AccessibleDocumentRow,
  chosenKeys: readonly string[],
): Promise<BringInResult> {
  const chosen = chosenPlanParts(chosenKeys)
  const upstream = await upstreamOf(deps, doc)
  const { baseVersionId, latestVersionId } = upstream
  requireNewerUpstream(baseVersionId, latestVersionId)
  const base = jsonOf(await upstream.loadVersion(baseVersionId))
  const theirsDoc = docOf(await upstream.loadVersion(latestVersionId))
  let merge: PartMerge[] = []
  try {
    const theirs = yDocToJSON(theirsDoc)
    await deps.registry.change(doc.id, (ydoc) => {
      // Decided on the live document, inside the same transaction that applies it.
      merge = mergePlanParts(base, theirs, yDocToJSON(ydoc), chosen)
      const mine = ydoc.getXmlFragment(PLAN_FRAGMENT)
      const source = theirsDoc.getXmlFragment(PLAN_FRAGMENT)
      for (const part of merge) if (takesTheirs(part.decision)) replacePart(mine, source, part.key)
    })
  } finally {
    theirsDoc.destroy()
  }
  await upstream.markTaken(latestVersionId)
  return {
    baseVersionId: latestVersionId,
    merge,
    taken: merge.filter((part) => takesTheirs(part.decision)).map((part) => part.key),
  }
}

/** The signed common-plan version a 个案 builds on, with its content. */
export interface PersonalBase {
  commonPlanId: string
  /** The version last taken in (derived from or brought in): what ComparisonPanel compares with. */
  versionId: number
  json: JSONContent
}

/**
 * For a 个案 of a common plan: the signed version it builds on (the same the comparison's
 * `withBase` uses); null for any other plan (library adaptations included).
 */
export async function personalBasePlan(
  deps: Pick<PersonalPlanDeps, 'kdb' | 'store'>,
  documentId: string,
): Promise<PersonalBase | null> {
  const lifecycle = await loadLifecycle(deps.kdb, documentId)
  if (!lifecycle?.commonPlanId || lifecycle.baseVersionId === null) return null
  const state = await versionState(deps.store, lifecycle.commonPlanId, lifecycle.baseVersionId)
  return {
    commonPlanId: lifecycle.commonPlanId,
    versionId: lifecycle.baseVersionId,
    json: jsonOf(state),
  }
}
