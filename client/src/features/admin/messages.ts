import { adminAuditEn, adminAuditZhCN } from './audit/messages.ts'
import { adminExchangesEn, adminExchangesZhCN } from './exchanges/messages.ts'
import { adminGroupsEn, adminGroupsZhCN } from './groups/messages.ts'
import { adminImportEn, adminImportZhCN } from './import/messages.ts'
import { adminRubricsEn, adminRubricsZhCN } from './rubrics/messages.ts'
import { adminSchoolsEn, adminSchoolsZhCN } from './schools/messages.ts'
import { adminTermsEn, adminTermsZhCN } from './terms/messages.ts'
import { adminUsersEn, adminUsersZhCN } from './users/messages.ts'

/** Chinese strings of the admin console (`/admin`). */
export const adminZhCN = {
  nav: '管理后台',
  title: '教联体管理',
  menu: {
    schools: '学校',
    users: '用户',
    groups: '教研组',
    import: '批量导入',
    terms: '学期',
    rubrics: '评课表',
    exchanges: '交流轮岗',
    audit: '审计日志',
  },
  forbidden: '只有学校管理员和教联体管理员可以进入管理后台。',
  schools: adminSchoolsZhCN,
  users: adminUsersZhCN,
  groups: adminGroupsZhCN,
  import: adminImportZhCN,
  terms: adminTermsZhCN,
  rubrics: adminRubricsZhCN,
  exchanges: adminExchangesZhCN,
  audit: adminAuditZhCN,
}

/** English strings of the admin console (`/admin`). */
export const adminEn: typeof adminZhCN = {
  nav: 'Admin',
  title: 'Alliance administration',
  menu: {
    schools: 'Schools',
    users: 'Users',
    groups: 'Groups',
    import: 'Import',
    terms: 'Terms',
    rubrics: 'Rubrics',
    exchanges: 'Exchanges',
    audit: 'Audit log',
  },
  forbidden: 'Only school admins and the alliance admin can open the admin console.',
  schools: adminSchoolsEn,
  users: adminUsersEn,
  groups: adminGroupsEn,
  import: adminImportEn,
  terms: adminTermsEn,
  rubrics: adminRubricsEn,
  exchanges: adminExchangesEn,
  audit: adminAuditEn,
}
