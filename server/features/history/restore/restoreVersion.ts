import type { RestoreResult } from '../../../../shared/history/versionApi.ts'
import type { DocumentRegistry } from '../../../collab/DocumentRegistry.ts'
import { badRequest, notFound } from '../../../domainError.ts'
import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import { docOfState } from '../versions/planOfState.ts'
import type { VersionRecorder } from '../versions/VersionRecorder.ts'
import { MILESTONE_NAMES } from '../versions/versionNames.ts'
import { type RestoreTarget, restoreInto, versionHasStep } from './restorePlan.ts'

/** What a restore needs. */
export interface RestoreDeps {
  store: DocumentStore
  registry: DocumentRegistry
  versions: VersionRecorder
}

/**
 * Restores a version (or one part, or one step of it) as a forward edit: a safety version
 * (恢复前), then one transaction on the live document that makes the chosen content equal to
 * the version's (relayed to everyone editing), then a milestone version (恢复). Stored states
 * are never changed. Undo: restore the safety version the same way.
 */
export async function restoreVersion(
  deps: RestoreDeps,
  documentId: string,
  versionId: number,
  target: RestoreTarget,
  actorId: string,
): Promise<RestoreResult> {
  const { store, registry, versions } = deps
  const state = await store.loadVersion(documentId, versionId)
  if (!state) throw notFound('Version')
  const version = docOfState(state)
  try {
    if (target.step !== undefined && !versionHasStep(version, target.step)) {
      throw badRequest(`step: the version has no step ${target.step}`)
    }
    const safety = await versions.record(documentId, {
      kind: 'milestone',
      milestone: 'before_restore',
      name: MILESTONE_NAMES.before_restore,
      createdBy: actorId,
    })
    // TODO(lead): changeAs — attribute the restore to the teacher (authorship).
    await registry.change(documentId, (live) => restoreInto(live, version, target))
    const restored = await versions.record(documentId, {
      kind: 'milestone',
      milestone: 'restored',
      name: MILESTONE_NAMES.restored,
      createdBy: actorId,
    })
    return { safetyVersionId: safety.id, restoredVersionId: restored.id }
  } finally {
    version.destroy()
  }
}
