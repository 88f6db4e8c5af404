import { Empty, Tag, Typography } from 'antd'
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PLAN_PART_KEYS, partTitle } from '../../../../shared/editor/planDiff.ts'
import type { VersionSummary } from '../../../../shared/history/versionApi.ts'
import { dateOf, labelLanguage, timeOf, versionName } from './labels.ts'
import { PersonTag } from './PersonTag.tsx'
import { type DayLabel, groupByDay } from './timeline.ts'

/** What the timeline selects: a version, or the live plan. */
export type TimelineSelection = number | 'live'

const KIND_COLORS: Record<VersionSummary['kind'], string> = {
  auto: 'default',
  named: 'blue',
  milestone: 'purple',
}

function DayTitle({ label }: { label: DayLabel }) {
  const { t, i18n } = useTranslation()
  if (label.kind === 'today') return <>{t('history.today')}</>
  if (label.kind === 'yesterday') return <>{t('history.yesterday')}</>
  return <>{dateOf(label.date, i18n.language)}</>
}

function VersionItem({ version }: { version: VersionSummary }) {
  const { t, i18n } = useTranslation()
  const language = labelLanguage(i18n.language)
  const people = version.createdBy
    ? [
        version.createdBy,
        ...version.editors.filter((editor) => editor.id !== version.createdBy?.id),
      ]
    : version.editors
  return (
    <>
      <div className="history-item-head">
        <Tag color={KIND_COLORS[version.kind]}>{t(`history.kinds.${version.kind}`)}</Tag>
        <Typography.Text strong className="history-item-name" data-testid="version-name">
          {version.kind === 'auto' ? '' : versionName(t, version)}
        </Typography.Text>
        <Typography.Text type="secondary" className="history-item-time">
          {timeOf(version.createdAt, i18n.language)}
        </Typography.Text>
      </div>
      {people.length > 0 && (
        <div className="history-item-people">
          {people.map((person) => (
            <PersonTag key={person.id} person={person} />
          ))}
        </div>
      )}
      <div className="history-item-parts" data-testid="version-parts">
        {version.changedParts.length === 0 ? (
          <Typography.Text type="secondary">{t('history.noChange')}</Typography.Text>
        ) : version.changedParts.length === PLAN_PART_KEYS.length ? (
          <Tag bordered={false}>{t('history.allParts')}</Tag>
        ) : (
          version.changedParts.map((key) => (
            <Tag key={key} bordered={false}>
              {partTitle(key)[language]}
            </Tag>
          ))
        )}
      </div>
    </>
  )
}

/**
 * The versions of a plan grouped by day (今天, 昨天, dates), newest first, under the live plan:
 * a listbox where ↑/↓ move the focus and Enter (or a click) opens the focused version.
 */
export function Timeline({
  versions,
  selected,
  onOpen,
}: {
  versions: VersionSummary[]
  selected: TimelineSelection | null
  onOpen: (selection: TimelineSelection) => void
}) {
  const { t } = useTranslation()
  const groups = useMemo(() => groupByDay(versions, Date.now()), [versions])
  const order = useMemo<TimelineSelection[]>(
    () => ['live', ...groups.flatMap((group) => group.versions.map((version) => version.id))],
    [groups],
  )
  const [focused, setFocused] = useState<TimelineSelection>(selected ?? 'live')
  const listRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (selected !== null) setFocused(selected)
  }, [selected])
  useEffect(() => {
    listRef.current
      ?.querySelector(`[data-key="${focused}"]`)
      ?.scrollIntoView?.({ block: 'nearest' })
  }, [focused])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const at = Math.max(0, order.indexOf(focused))
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const next =
        order[event.key === 'ArrowDown' ? Math.min(order.length - 1, at + 1) : Math.max(0, at - 1)]
      if (next !== undefined) setFocused(next)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      onOpen(focused)
    }
  }
  const optionProps = (key: TimelineSelection) => ({
    id: `history-option-${key}`,
    role: 'option',
    'aria-selected': selected === key,
    'data-key': key,
    'data-focused': focused === key,
    className: `history-item${selected === key ? ' history-item-selected' : ''}${focused === key ? ' history-item-focused' : ''}`,
    onClick: () => {
      setFocused(key)
      onOpen(key)
    },
  })

  return (
    <div className="history-timeline">
      <Typography.Text type="secondary" className="history-keyboard-hint">
        {t('history.keyboardHint')}
      </Typography.Text>
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label={t('history.title')}
        aria-activedescendant={`history-option-${focused}`}
        onKeyDown={onKeyDown}
        className="history-list"
        data-testid="history-timeline"
      >
        <div {...optionProps('live')} data-testid="timeline-live">
          <div className="history-item-head">
            <Tag color="green">{t('history.live')}</Tag>
            <Typography.Text type="secondary">{t('history.liveHint')}</Typography.Text>
          </div>
        </div>
        {groups.map((group) => (
          <div key={group.key} className="history-day">
            <div className="history-day-title" data-testid="history-day">
              <DayTitle label={group.label} />
            </div>
            {group.versions.map((version) => (
              <div key={version.id} {...optionProps(version.id)} data-testid="timeline-version">
                <VersionItem version={version} />
              </div>
            ))}
          </div>
        ))}
        {versions.length === 0 && (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <div>{t('history.empty')}</div>
                <Typography.Text type="secondary">{t('history.emptyHint')}</Typography.Text>
              </>
            }
            data-testid="history-empty"
          />
        )}
      </div>
    </div>
  )
}
