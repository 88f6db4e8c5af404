/** Chinese strings of the admin console's groups page. */
export const adminGroupsZhCN = {
  title: '教研组管理',
}

/** English strings of the admin console's groups page. */
export const adminGroupsEn: typeof adminGroupsZhCN = {
  title: 'Groups',
}
