/** Chinese strings of the first-run set-up (`/setup`) and one-time sign-in (`/welcome`) pages. */
export const setupZhCN = {
  setupTitle: '创建教联体',
  welcomeTitle: '欢迎使用集备',
}

/** English strings of the first-run set-up (`/setup`) and one-time sign-in (`/welcome`) pages. */
export const setupEn: typeof setupZhCN = {
  setupTitle: 'Set up your alliance',
  welcomeTitle: 'Welcome to Jibei',
}
