// The identity feature's message catalogs, for client/src/i18n to assemble.
export { accountEn, accountZhCN } from './account/messages.ts'
export { setupEn, setupZhCN } from './setup/messages.ts'
