// The admin console (`/admin`): schools, users, groups, teacher import, terms, the audit log.
export { AdminLayout } from './AdminLayout.tsx'
export { AuditPage } from './audit/AuditPage.tsx'
export { GroupsPage } from './groups/GroupsPage.tsx'
export { ImportPage } from './import/ImportPage.tsx'
export { adminEn, adminZhCN } from './messages.ts'
export { SchoolsPage } from './schools/SchoolsPage.tsx'
export { TermsPage } from './terms/TermsPage.tsx'
export { UsersPage } from './users/UsersPage.tsx'
