/** Pinning the plan version an observed lesson teaches. */
import { processSteps } from '../../../shared/editor/minutes.ts'
import type { PlannedStep } from '../../../shared/observations/scoring.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { notFound } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { changedPartsBetween, planOfState, type VersionRecorder } from '../history/index.ts'
import { allianceDate } from '../meetings/index.ts'

/** The pinned version and its 教学过程 steps. */
export interface PinnedVersion {
  versionId: number
  versionName: string
  steps: PlannedStep[]
}

/** What pinning needs. */
export interface PinServices {
  store: DocumentStore
  registry: DocumentRegistry
  versions: VersionRecorder
}

/** The name of a version made for an observation: 听课 2026-12-08. */
export function observationVersionName(startsAt: number): string {
  return `听课 ${allianceDate(startsAt)}`
}

/**
 * The version to pin: the one asked for (404 when the plan has no such version), else the latest
 * version when it holds the plan as it is now, else a new named version 「听课 <date>」 of the
 * current state, recorded by the history feature's version recorder.
 */
export async function pinPlanVersion(
  services: PinServices,
  documentId: string,
  request: { versionId?: number | undefined; startsAt: number; createdBy: string },
): Promise<PinnedVersion> {
  const { store, registry, versions } = services
  if (request.versionId !== undefined) {
    const state = await store.loadVersion(documentId, request.versionId)
    const info = (await store.listVersions(documentId)).find((v) => v.id === request.versionId)
    if (!state || !info) throw notFound('Version')
    return { versionId: info.id, versionName: info.name, steps: processSteps(planOfState(state)) }
  }
  const current = planOfState(await registry.encodeState(documentId))
  const latest = await store.latestVersion(documentId)
  const latestState = latest ? await store.loadVersion(documentId, latest.id) : null
  if (
    latest &&
    latestState &&
    changedPartsBetween(planOfState(latestState), current).length === 0
  ) {
    return { versionId: latest.id, versionName: latest.name, steps: processSteps(current) }
  }
  const saved = await versions.record(documentId, {
    kind: 'named',
    name: observationVersionName(request.startsAt),
    createdBy: request.createdBy,
  })
  const state = await store.loadVersion(documentId, saved.id)
  if (!state) throw new Error(`version ${saved.id} of ${documentId} vanished`)
  return { versionId: saved.id, versionName: saved.name, steps: processSteps(planOfState(state)) }
}
