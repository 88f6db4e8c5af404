import type { DocumentHooks } from '../../collab/hooks.ts'
import type { Logger } from '../../logger.ts'
import type { ContentDeriver } from './ContentDeriver.ts'

/**
 * The collaboration core's document hooks as the documents feature implements them: a plan's
 * derived content follows its persisted changes, and what is pending is derived before the
 * document leaves memory.
 */
export function documentHooks(deriver: ContentDeriver, log: Logger): DocumentHooks {
  return {
    changed: (document) => deriver.changed(document),
    beforeUnload: (document) => {
      deriver.flush(document.id).catch((error: unknown) => {
        log.error({ err: error, documentId: document.id }, 'deriving plan content failed')
      })
    },
  }
}
