// Identity: signing in, the signed-in user, groups and their members.
export { useGroupMembers, useGroups, useMe } from './api.ts'
export { SignInPage } from './SignInPage.tsx'
