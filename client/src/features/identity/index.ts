// Identity: signing in, the signed-in user, groups and their members, schools, users.

export { AccountPage } from './account/AccountPage.tsx'
export { accountEn, accountZhCN } from './account/messages.ts'
export {
  identityKeys,
  useGroupMembers,
  useGroups,
  useLanguageMutation,
  useMe,
  useSchools,
  useSignOutMutation,
  useUsers,
} from './api.ts'
export { SignInPage } from './SignInPage.tsx'
export { useAlliance } from './setup/api.ts'
export { setupEn, setupZhCN } from './setup/messages.ts'
export { SetupPage } from './setup/SetupPage.tsx'
export { WelcomePage } from './setup/WelcomePage.tsx'
