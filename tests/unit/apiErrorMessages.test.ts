import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../client/src/api/ApiError.ts'
import { apiErrorMessage } from '../../client/src/api/errorMessage.ts'
import { en } from '../../client/src/i18n/en.ts'
import { zhCN } from '../../client/src/i18n/zhCN.ts'
import { ERROR_STATUS, type ErrorCode, isErrorCode } from '../../shared/errorCodes.ts'

const codes = Object.keys(ERROR_STATUS).filter(isErrorCode)

async function translator(language: 'zh-CN' | 'en') {
  const instance = i18next.createInstance()
  await instance.init({
    lng: language,
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  })
  return instance.t
}

describe('API error messages', () => {
  it.each(codes)('has its own Chinese and English text for %s', (code: ErrorCode) => {
    expect(zhCN.apiErrors[code]).toMatch(/[\u4e00-\u9fff]/)
    expect(en.apiErrors[code]).toMatch(/^[\x20-\x7e]+$/)
  })

  it('shows the interface language, never the server’s English message', async () => {
    const zh = await translator('zh-CN')
    const english = await translator('en')
    const refused = new ApiError(409, 'not_final', 'Only a final plan (共案) can be published')
    expect(apiErrorMessage(zh, refused)).toBe(zhCN.apiErrors.not_final)
    expect(apiErrorMessage(english, refused)).toBe(en.apiErrors.not_final)
    expect(apiErrorMessage(zh, new ApiError(0, 'network', 'Failed to fetch'))).toBe(
      zhCN.apiErrors.network,
    )
    expect(apiErrorMessage(zh, new ApiError(418, 'teapot', 'I am a teapot'))).toBe(
      zhCN.apiErrors.unknown,
    )
  })

  it('gives every code a client (4xx) or server (5xx) status', () => {
    for (const code of codes) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400)
  })
})
