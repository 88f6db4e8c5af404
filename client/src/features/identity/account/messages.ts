/** Chinese strings of "my account" (`/account`). */
export const accountZhCN = {
  nav: '我的账户',
  title: '我的账户',
}

/** English strings of "my account" (`/account`). */
export const accountEn: typeof accountZhCN = {
  nav: 'My account',
  title: 'My account',
}
