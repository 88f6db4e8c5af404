/** Chinese strings of the admin console's terms page. */
export const adminTermsZhCN = {
  title: '学期切换',
}

/** English strings of the admin console's terms page. */
export const adminTermsEn: typeof adminTermsZhCN = {
  title: 'New term',
}
