import i18next from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import { versionName } from '../../../client/src/features/history/labels.ts'
import { historyEn, historyZhCN } from '../../../client/src/features/history/messages.ts'
import type { VersionSummary } from '../../../shared/history/versionApi.ts'

const i18n = i18next.createInstance()

beforeAll(async () => {
  await i18n.init({
    resources: {
      'zh-CN': { translation: { history: historyZhCN } },
      en: { translation: { history: historyEn } },
    },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
})

function version(extra: Partial<VersionSummary>): VersionSummary {
  return {
    id: 1,
    kind: 'auto',
    name: '自动保存',
    milestone: null,
    createdAt: 0,
    createdBy: null,
    editors: [],
    changedParts: [],
    byteLength: 0,
    ...extra,
  }
}

describe('the name a version is shown with', () => {
  it('translates a milestone from its kind, keeping the version number of a sign-off', () => {
    const signed = version({ kind: 'milestone', milestone: 'signed', name: '共案签发 v2' })
    expect(versionName(i18n.getFixedT('en'), signed)).toBe('Common plan signed off v2')
    expect(versionName(i18n.getFixedT('zh-CN'), signed)).toBe('共案签发 v2')
    const ended = version({ kind: 'milestone', milestone: 'discussion_ended', name: '研讨结束' })
    expect(versionName(i18n.getFixedT('en'), ended)).toBe('Discussion ended')
  })

  it('shows a named version by the name its author gave, in every language', () => {
    const named = version({ kind: 'named', name: '研讨后修改稿 v3' })
    expect(versionName(i18n.getFixedT('en'), named)).toBe('研讨后修改稿 v3')
  })

  it('names automatic versions in the interface language, whatever the stored name', () => {
    expect(versionName(i18n.getFixedT('en'), version({}))).toBe('Auto-saved')
    expect(versionName(i18n.getFixedT('zh-CN'), version({ name: '自动 14:05' }))).toBe('自动保存')
  })

  it('has a name for every milestone in both languages', () => {
    for (const messages of [historyZhCN, historyEn]) {
      for (const value of Object.values(messages.milestones)) expect(value.trim()).not.toBe('')
    }
    expect(Object.keys(historyEn.milestones)).toEqual(Object.keys(historyZhCN.milestones))
  })
})
