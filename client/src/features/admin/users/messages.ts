/** Chinese strings of the admin console's users page. */
export const adminUsersZhCN = {
  title: '用户管理',
}

/** English strings of the admin console's users page. */
export const adminUsersEn: typeof adminUsersZhCN = {
  title: 'Users',
}
