import type { VersionMilestone } from '../../../../shared/history/versionApi.ts'

/** The name of an automatic version (zh-CN; the client shows its own by kind). */
export const AUTO_VERSION_NAME = '自动保存'

/** The zh-CN name of each milestone but the sign-off (共案签发 vN, see signedVersionName). */
export const MILESTONE_NAMES: Record<Exclude<VersionMilestone, 'signed'>, string> = {
  submitted: '初备提交',
  discussion_started: '研讨开始',
  discussion_ended: '研讨结束',
  reopened: '重新打开',
  personal_created: '个案创建',
  before_restore: '恢复前',
  restored: '恢复',
}

/** The name of a plan's `n`-th sign-off (from 1). */
export function signedVersionName(n: number): string {
  return `共案签发 v${n}`
}
