/** Chinese strings of the first-run set-up (`/setup`) and one-time sign-in (`/welcome`) pages. */
export const setupZhCN = {
  setupTitle: '创建教联体',
  setupIntro:
    '这是集备的第一次启动。请填写教联体的名称、你所在的学校或单位，并创建第一位教联体管理员（就是你）。',
  allianceName: '联盟/教联体名称',
  allianceNamePlaceholder: '例如：城关教育联盟',
  schoolName: '所在学校或单位',
  schoolNamePlaceholder: '例如：城关第一中学',
  username: '用户名',
  usernameHelp: '用于登录：小写字母、数字、点、下划线或连字符，3 到 64 个字符。',
  displayName: '姓名',
  password: '密码',
  passwordHelp: '至少 8 个字符。',
  confirmPassword: '确认密码',
  required: '请填写{{field}}。',
  tooLong: '{{field}}不能超过 {{max}} 个字符。',
  usernameInvalid:
    '用户名只能包含小写字母、数字、“.”、“_”和“-”，以字母或数字开头，3 到 64 个字符。',
  passwordShort: '密码至少需要 8 个字符。',
  passwordLong: '密码不能超过 200 个字符。',
  passwordMismatch: '两次输入的密码不一致。',
  createAlliance: '创建教联体并进入管理后台',
  noLinkTitle: '这个设置链接无效',
  noLinkBody:
    '设置链接缺失、已经用过或已过期。服务器每次在空数据库上启动时都会打印新的设置链接：请重新启动服务器并打开它打印的链接；如果教联体已经建好，请运维人员运行 npm run admin -- create-admin <用户名> 获取管理员的一次性登录链接。',
  alreadySetUpTitle: '教联体已经设置好了',
  alreadySetUpBody: '请用你的账号登录。忘记密码时，请向管理员索取一次性登录链接。',
  goSignIn: '去登录',
  welcomeTitle: '欢迎使用集备',
  welcomeGreeting: '{{name}}，欢迎使用集备',
  welcomeIntro: '你的用户名是 {{username}}。请设置一个新密码，以后用它登录。',
  newPassword: '新密码',
  setPassword: '设置密码并进入集备',
  linkInvalidTitle: '这个登录链接无效',
  linkInvalidBody: '链接缺失、已经用过或已过期。请联系你学校的管理员，为你生成新的一次性登录链接。',
  checkingLink: '正在检查链接…',
}

/** English strings of the first-run set-up (`/setup`) and one-time sign-in (`/welcome`) pages. */
export const setupEn: typeof setupZhCN = {
  setupTitle: 'Set up your alliance',
  setupIntro:
    'This is the first start of Jibei. Name your alliance and your school or office, and create the first alliance administrator (you).',
  allianceName: 'Alliance name',
  allianceNamePlaceholder: 'e.g. Chengguan Education Alliance',
  schoolName: 'Your school or office',
  schoolNamePlaceholder: 'e.g. Chengguan No. 1 Middle School',
  username: 'Username',
  usernameHelp: 'For signing in: lowercase letters, digits, ".", "_" or "-", 3 to 64 characters.',
  displayName: 'Full name',
  password: 'Password',
  passwordHelp: 'At least 8 characters.',
  confirmPassword: 'Confirm password',
  required: 'Please enter the {{field}}.',
  tooLong: 'The {{field}} must be at most {{max}} characters.',
  usernameInvalid:
    'A username has 3 to 64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.',
  passwordShort: 'The password needs at least 8 characters.',
  passwordLong: 'The password must be at most 200 characters.',
  passwordMismatch: 'The two passwords differ.',
  createAlliance: 'Create the alliance and open the admin console',
  noLinkTitle: 'This set-up link does not work',
  noLinkBody:
    'The set-up link is missing, used or expired. The server prints a fresh one each time it starts on an empty database: restart it and open the link it prints. If the alliance exists already, an operator can run npm run admin -- create-admin <username> to get a one-time sign-in link for an administrator.',
  alreadySetUpTitle: 'The alliance is already set up',
  alreadySetUpBody:
    'Sign in with your account. If you forgot your password, ask an administrator for a one-time sign-in link.',
  goSignIn: 'Sign in',
  welcomeTitle: 'Welcome to Jibei',
  welcomeGreeting: 'Welcome to Jibei, {{name}}',
  welcomeIntro:
    'Your username is {{username}}. Choose a new password; you will sign in with it from now on.',
  newPassword: 'New password',
  setPassword: 'Set the password and open Jibei',
  linkInvalidTitle: 'This sign-in link does not work',
  linkInvalidBody:
    'The link is missing, used or expired. Ask your school administrator for a new one-time sign-in link.',
  checkingLink: 'Checking the link…',
}
