/** Chinese strings of the admin console's audit page. */
export const adminAuditZhCN = {
  title: '审计日志',
}

/** English strings of the admin console's audit page. */
export const adminAuditEn: typeof adminAuditZhCN = {
  title: 'Audit log',
}
