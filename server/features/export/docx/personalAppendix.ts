import type { JSONContent } from '@tiptap/core'
import type { AppKysely } from '../../../db/kysely.ts'
import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import { personalBasePlan } from '../../prep/index.ts'
import type { Block } from './blocks.ts'
import { differenceAppendix } from './differenceAppendix.ts'
import { planDifferences } from './planDifferences.ts'
import { beijingDate } from './planExportData.ts'

/**
 * The 「与共案的差异」 appendix of a 个案 whose content is `json`: compared with the signed
 * common-plan version it builds on (as the comparison panel's "compared with the version taken
 * in"). Undefined for plans that are no 个案.
 */
export async function personalAppendix(
  kdb: AppKysely,
  store: DocumentStore,
  documentId: string,
  json: JSONContent,
): Promise<Block[] | undefined> {
  const base = await personalBasePlan({ kdb, store }, documentId)
  if (!base) return undefined
  const common = await kdb
    .selectFrom('documents')
    .select('title')
    .where('id', '=', base.commonPlanId)
    .executeTakeFirst()
  const version = (await store.listVersions(base.commonPlanId)).find(
    (candidate) => candidate.id === base.versionId,
  )
  return differenceAppendix(
    {
      title: common?.title ?? '',
      versionName: version?.name ?? '',
      date: version ? beijingDate(version.createdAt) : '',
    },
    planDifferences(base.json, json),
  )
}
