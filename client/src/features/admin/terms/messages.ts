/** Chinese strings of the admin console's terms page. */
export const adminTermsZhCN = {
  title: '学期切换',
  intro:
    '把一个学期的教研组（成员和角色）复制到新学期，并归档旧学期的组。归档组的任务只能查看，教案仍可阅读和搜索。',
  termsTitle: '现有学期',
  empty: '还没有设置了学期的教研组',
  columns: { term: '学期', active: '进行中的组', archived: '已归档的组' },
  fromTerm: '从学期',
  fromTermRequired: '请选择要结束的学期',
  toTerm: '到新学期',
  toTermRequired: '请输入新学期',
  toTermSame: '新学期不能与原学期相同',
  toTermHint: '格式如 2026-2027-1（学年-学期）',
  groups: '要带到新学期的教研组',
  groupsRequired: '请至少选择一个教研组',
  noGroups: '这个学期没有进行中的教研组',
  summary:
    '将把 {{count}} 个教研组复制到 {{toTerm}}（成员和角色不变），并归档 {{fromTerm}} 中的这些组。',
  submit: '切换学期',
  confirmTitle: '确认切换学期？',
  confirmOk: '确认切换',
  cancel: '取消',
  done: '已切换：复制了 {{groups}} 个教研组、{{members}} 个成员。',
}

/** English strings of the admin console's terms page. */
export const adminTermsEn: typeof adminTermsZhCN = {
  title: 'New term',
  intro:
    'Copy a term’s groups (members and roles) to the next term and archive the old groups. Tasks of archived groups are read-only; their plans stay readable and searchable.',
  termsTitle: 'Terms',
  empty: 'No group has a term yet',
  columns: { term: 'Term', active: 'Active groups', archived: 'Archived groups' },
  fromTerm: 'From term',
  fromTermRequired: 'Choose the term that ends',
  toTerm: 'To term',
  toTermRequired: 'Enter the new term',
  toTermSame: 'The new term must differ from the old one',
  toTermHint: 'Written like 2026-2027-1 (school year, term)',
  groups: 'Groups to carry over',
  groupsRequired: 'Choose at least one group',
  noGroups: 'This term has no active group',
  summary:
    '{{count}} groups will be copied to {{toTerm}} (same members and roles), and these groups of {{fromTerm}} archived.',
  submit: 'Roll over',
  confirmTitle: 'Roll the term over?',
  confirmOk: 'Roll over',
  cancel: 'Cancel',
  done: 'Done: {{groups}} groups and {{members}} memberships copied.',
}
