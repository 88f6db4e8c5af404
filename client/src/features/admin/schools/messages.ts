/** Chinese strings of the admin console's schools page. */
export const adminSchoolsZhCN = {
  title: '学校管理',
}

/** English strings of the admin console's schools page. */
export const adminSchoolsEn: typeof adminSchoolsZhCN = {
  title: 'Schools',
}
