// Identity: signing in, the signed-in user, groups and their members, schools, users.
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
