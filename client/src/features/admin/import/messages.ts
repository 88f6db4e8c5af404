/** Chinese strings of the admin console's import page. */
export const adminImportZhCN = {
  title: '批量导入教师',
}

/** English strings of the admin console's import page. */
export const adminImportEn: typeof adminImportZhCN = {
  title: 'Import teachers',
}
