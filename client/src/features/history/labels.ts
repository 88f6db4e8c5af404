import type { TFunction } from 'i18next'
import type { VersionSummary } from '../../../../shared/history/versionApi.ts'
import { versionSuffix } from './timeline.ts'

/** The name of a version in the interface language (milestones translated, automatic ones named). */
export function versionName(t: TFunction, version: VersionSummary): string {
  if (version.kind === 'named') return version.name
  if (version.kind === 'milestone' && version.milestone) {
    const suffix = versionSuffix(version.name)
    const label = t(`history.milestones.${version.milestone}`)
    return suffix ? `${label} ${suffix}` : label
  }
  return t('history.autoName')
}

/** The interface language as the plan's bilingual labels spell it. */
export function labelLanguage(language: string): 'zh-CN' | 'en' {
  return language === 'en' ? 'en' : 'zh-CN'
}

/** Hours and minutes of a moment, in the interface language. */
export function timeOf(at: number, language: string): string {
  return new Date(at).toLocaleTimeString(labelLanguage(language), {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
}

/** A date with its weekday, in the interface language. */
export function dateOf(date: Date, language: string): string {
  return date.toLocaleDateString(labelLanguage(language), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  })
}
