/** Chinese strings of the admin console's schools page. */
export const adminSchoolsZhCN = {
  title: '学校管理',
  create: '新建学校',
  showArchived: '显示已归档',
  empty: '还没有学校',
  columns: {
    name: '学校名称',
    userCount: '账号数',
    status: '状态',
    actions: '操作',
  },
  status: {
    active: '使用中',
    archived: '已归档',
  },
  actions: {
    rename: '重命名',
    archive: '归档',
    restore: '恢复',
  },
  confirm: {
    archive: '归档“{{name}}”？已有账号保留，但不能再添加新账号或导入教师。',
    restore: '恢复“{{name}}”？',
    ok: '确定',
    cancel: '取消',
  },
  done: {
    created: '学校已创建',
    renamed: '已重命名',
    archived: '学校已归档',
    restored: '学校已恢复',
  },
  form: {
    createTitle: '新建学校',
    renameTitle: '重命名学校',
    name: '学校名称',
    required: '请填写学校名称',
    tooLong: '不能超过 100 个字',
    save: '保存',
    cancel: '取消',
  },
}

/** English strings of the admin console's schools page. */
export const adminSchoolsEn: typeof adminSchoolsZhCN = {
  title: 'Schools',
  create: 'New school',
  showArchived: 'Show archived',
  empty: 'No schools yet',
  columns: {
    name: 'School',
    userCount: 'Accounts',
    status: 'Status',
    actions: 'Actions',
  },
  status: {
    active: 'Active',
    archived: 'Archived',
  },
  actions: {
    rename: 'Rename',
    archive: 'Archive',
    restore: 'Restore',
  },
  confirm: {
    archive: 'Archive "{{name}}"? Its accounts stay, but it takes no new accounts or imports.',
    restore: 'Restore "{{name}}"?',
    ok: 'OK',
    cancel: 'Cancel',
  },
  done: {
    created: 'School created',
    renamed: 'Renamed',
    archived: 'School archived',
    restored: 'School restored',
  },
  form: {
    createTitle: 'New school',
    renameTitle: 'Rename school',
    name: 'School name',
    required: 'Please enter the school name',
    tooLong: 'At most 100 characters',
    save: 'Save',
    cancel: 'Cancel',
  },
}
