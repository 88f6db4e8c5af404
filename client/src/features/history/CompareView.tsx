import { Alert, Collapse, Empty, Select, Space, Spin, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  AttributedRun,
  HistoryPerson,
  PartDiff,
  VersionSummary,
} from '../../../../shared/history/versionApi.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useSchoolColor } from '../documents/index.ts'
import { type CompareTarget, useComparison } from './api.ts'
import { labelLanguage, timeOf, versionName } from './labels.ts'
import { SchoolDot } from './PersonTag.tsx'
import { RestoreButton, type RestoreFlow } from './restore.tsx'
import { elidedSides, legendOf, partChanged, shownRuns } from './runs.ts'

const STATUS_COLORS: Record<PartDiff['status'], string> = {
  same: 'default',
  changed: 'orange',
  added: 'green',
  removed: 'red',
}

/** The marks of one run: inserted text underlined, deleted struck through, in the author's colour. */
function Run({
  run,
  people,
}: {
  run: ReturnType<typeof shownRuns>[number]
  people: ReadonlyMap<string, HistoryPerson>
}) {
  const { t } = useTranslation()
  const { colorOf } = useSchoolColor()
  if (run.op === 'same') {
    const [head, tail] = elidedSides(run)
    if (!run.elided) return <span>{head}</span>
    return (
      <span>
        {head}
        <span className="history-elided">…</span>
        {tail}
      </span>
    )
  }
  const person = run.authorId ? people.get(run.authorId) : undefined
  const color = person ? colorOf(person.schoolId) : '#8c8c8c'
  const title = `${t(run.op === 'insert' ? 'history.inserted' : 'history.deleted')} · ${
    person ? `${person.displayName} · ${person.schoolName}` : t('history.unknownAuthor')
  }`
  const style = { color, textDecorationColor: color, backgroundColor: `${color}14` }
  const data = { 'data-author': run.authorId ?? '', 'data-school': person?.schoolId ?? '' }
  return run.op === 'insert' ? (
    <ins className="history-ins" style={style} title={title} data-testid="run-insert" {...data}>
      {run.text}
    </ins>
  ) : (
    <del className="history-del" style={style} title={title} data-testid="run-delete" {...data}>
      {run.text}
    </del>
  )
}

/** The text of one compared part with its marks. */
function PartRuns({
  runs,
  people,
}: {
  runs: AttributedRun[]
  people: ReadonlyMap<string, HistoryPerson>
}) {
  const shown = useMemo(() => shownRuns(runs), [runs])
  return (
    <div className="history-runs" lang="zh-CN">
      {shown.map((run, index) => (
        // Runs have no identity of their own: their order is the key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Run key={index} run={run} people={people} />
      ))}
    </div>
  )
}

/** The people and schools whose marks the comparison shows, each in their school's colour. */
function Legend({ parts, people }: { parts: PartDiff[]; people: HistoryPerson[] }) {
  const { t } = useTranslation()
  const schools = useMemo(() => legendOf(parts, people), [parts, people])
  if (schools.length === 0) return null
  return (
    <div className="history-legend" data-testid="compare-legend">
      <Typography.Text type="secondary">{t('history.legend')}</Typography.Text>
      {schools.map((school) => (
        <span key={school.schoolId} className="history-legend-school" data-school={school.schoolId}>
          <SchoolDot schoolId={school.schoolId} />
          <span lang="zh-CN">{school.schoolName}</span>
          <Typography.Text type="secondary" lang="zh-CN">
            {t('history.legendPeople', {
              names: school.people.map((person) => person.displayName).join('、'),
            })}
          </Typography.Text>
        </span>
      ))}
      <span className="history-legend-marks">
        <ins className="history-ins">{t('history.inserted')}</ins>{' '}
        <del className="history-del">{t('history.deleted')}</del>
      </span>
    </div>
  )
}

/**
 * Two versions (or a version and the live plan) compared part by part: changed parts open with
 * insertions and deletions marked in the author's school colour, unchanged parts collapsed. With
 * the live plan on the right, each changed part can be restored from the older version.
 */
export function CompareView({
  documentId,
  target,
  versions,
  onChange,
  restore,
}: {
  documentId: string
  target: CompareTarget
  versions: VersionSummary[]
  onChange: (target: CompareTarget) => void
  restore: RestoreFlow
}) {
  const { t, i18n } = useTranslation()
  const language = labelLanguage(i18n.language)
  const comparison = useComparison(documentId, target)
  const people = useMemo(
    () => new Map((comparison.data?.people ?? []).map((person) => [person.id, person])),
    [comparison.data],
  )
  const fromVersion = versions.find((version) => version.id === target.from)
  const options = versions.map((version) => ({
    value: version.id,
    label: `${versionName(t, version)} · ${timeOf(version.createdAt, i18n.language)}`,
  }))

  const parts = comparison.data?.parts ?? []
  const changed = parts.filter(partChanged)
  const unchanged = parts.filter((part) => !partChanged(part))
  return (
    <div className="history-compare" data-testid="history-compare">
      <Space wrap className="history-compare-pick">
        <Select
          className="history-select"
          value={target.from}
          options={options}
          onChange={(from: number) => onChange({ ...target, from })}
          data-testid="compare-from"
          aria-label={t('history.pickCompare')}
        />
        <span aria-hidden>→</span>
        <Select<number | 'live'>
          className="history-select"
          value={target.to}
          options={[{ value: 'live', label: t('history.live') }, ...options]}
          onChange={(to) => onChange({ ...target, to })}
          data-testid="compare-to"
          aria-label={t('history.pickCompare')}
        />
      </Space>
      {comparison.isPending && <Spin />}
      {comparison.isError && (
        <Alert type="error" showIcon message={apiErrorMessage(t, comparison.error)} />
      )}
      {comparison.data && (
        <>
          <Legend parts={parts} people={comparison.data.people} />
          {changed.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.nothingChanged')} />
          )}
          {changed.map((part) => (
            <section
              key={part.key}
              className="history-part"
              data-testid="compare-part"
              data-part={part.key}
            >
              <div className="history-part-head">
                <Typography.Text strong>{part.title[language]}</Typography.Text>
                <Tag color={STATUS_COLORS[part.status]}>{t(`history.statuses.${part.status}`)}</Tag>
                <span className="history-part-actions">
                  {target.to === 'live' && fromVersion && (
                    <RestoreButton
                      flow={restore}
                      size="small"
                      label={t('history.restore.section')}
                      testId="restore-part"
                      target={{
                        version: fromVersion,
                        body: { section: part.key },
                        what: part.title[language],
                      }}
                    />
                  )}
                </span>
              </div>
              <PartRuns runs={part.runs} people={people} />
            </section>
          ))}
          {unchanged.length > 0 && (
            <Collapse
              size="small"
              data-testid="compare-unchanged"
              items={[
                {
                  key: 'unchanged',
                  label: t('history.unchanged', { count: unchanged.length }),
                  children: unchanged.map((part) => (
                    <section key={part.key} className="history-part" data-part={part.key}>
                      <div className="history-part-head">
                        <Typography.Text strong>{part.title[language]}</Typography.Text>
                        <Tag>{t('history.unchangedPart')}</Tag>
                      </div>
                      <PartRuns runs={part.runs} people={people} />
                    </section>
                  )),
                },
              ]}
            />
          )}
        </>
      )}
    </div>
  )
}
