import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../../../shared/domain.ts'
import { en } from './en.ts'
import { zhCN } from './zhCN.ts'

const STORAGE_KEY = 'jibei.language'

/** The language remembered on this device, zh-CN by default. */
export function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
}

/** Switches the interface language and remembers it on this device. */
export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language)
  document.documentElement.lang = language
  await i18next.changeLanguage(language)
}

/** The configured i18next instance. */
export const i18n = i18next.use(initReactI18next)

void i18n.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
})
document.documentElement.lang = storedLanguage()
