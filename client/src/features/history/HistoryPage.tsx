import { Alert, App, Button, Space, Spin, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { ApiError } from '../../api/ApiError.ts'
import { NoPermissionPage, NotFoundPage, UnreachablePage } from '../../components/ErrorPages.tsx'
import { useDocument } from '../documents/index.ts'
import { type CompareTarget, useVersions } from './api.ts'
import { CompareView } from './CompareView.tsx'
import { ContributorsPanel } from './ContributorsPanel.tsx'
import { useRestoreFlow } from './restore.tsx'
import { SaveVersionButton } from './SaveVersionDialog.tsx'
import { Timeline, type TimelineSelection } from './Timeline.tsx'
import { sinceDiscussionVersion } from './timeline.ts'
import { VersionPreview } from './VersionPreview.tsx'
import './history.css'

/** A version id from the URL, or null. */
function idParam(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null
  return Number(value)
}

/** What the URL shows: `?v=<id|live>` a preview, `?from=<id>&to=<id|live>` a comparison. */
function viewOf(params: URLSearchParams): {
  selected: TimelineSelection | null
  compare: CompareTarget | null
} {
  const from = idParam(params.get('from'))
  const toParam = params.get('to')
  const to = toParam === 'live' ? 'live' : idParam(toParam)
  if (from !== null && to !== null) return { selected: from, compare: { from, to } }
  const v = params.get('v')
  return { selected: v === 'live' ? 'live' : idParam(v), compare: null }
}

/**
 * `/plans/<id>/history`: the plan's versions by day, a read-only preview of one, the comparison
 * of two (or of one with the live plan) with authors' marks, restore, naming and contributors.
 */
export function HistoryPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { documentId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const document = useDocument(documentId)
  const versions = useVersions(documentId)
  const { selected, compare } = viewOf(params)

  if (document.isPending) return <Spin tip={t('history.loading')} fullscreen />
  if (document.isError) {
    const error = document.error
    if (error instanceof ApiError && error.status === 404) return <NotFoundPage />
    if (error instanceof ApiError && error.status === 403) return <NoPermissionPage />
    return <UnreachablePage onRetry={() => void document.refetch()} />
  }
  return (
    <HistoryLayout
      documentId={documentId}
      document={document.data}
      versions={versions}
      selected={selected}
      compare={compare}
      onOpen={(selection) => setParams({ v: String(selection) })}
      onCompare={(target) => setParams({ from: String(target.from), to: String(target.to) })}
      onNoDiscussion={() => void message.info(t('history.sinceDiscussionNone'))}
    />
  )
}

function HistoryLayout({
  documentId,
  document,
  versions,
  selected,
  compare,
  onOpen,
  onCompare,
  onNoDiscussion,
}: {
  documentId: string
  document: NonNullable<ReturnType<typeof useDocument>['data']>
  versions: ReturnType<typeof useVersions>
  selected: TimelineSelection | null
  compare: CompareTarget | null
  onOpen: (selection: TimelineSelection) => void
  onCompare: (target: CompareTarget) => void
  onNoDiscussion: () => void
}) {
  const { t } = useTranslation()
  const restore = useRestoreFlow(documentId, document)
  const list = versions.data ?? []
  const summary = typeof selected === 'number' ? list.find((v) => v.id === selected) : undefined
  const sinceDiscussion = (): void => {
    const from = sinceDiscussionVersion(list)
    if (from) onCompare({ from: from.id, to: 'live' })
    else onNoDiscussion()
  }

  let pane = <ContributorsPanel documentId={documentId} canEdit={document.permission === 'edit'} />
  if (compare) {
    pane = (
      <CompareView
        documentId={documentId}
        target={compare}
        versions={list}
        onChange={onCompare}
        restore={restore}
      />
    )
  } else if (summary) {
    pane = (
      <VersionPreview
        key={summary.id}
        documentId={documentId}
        summary={summary}
        restore={restore}
        onCompareLive={() => onCompare({ from: summary.id, to: 'live' })}
      />
    )
  }

  return (
    <div className="history-page" data-testid="history-page">
      <div className="history-topbar">
        <div>
          <Link to={`/plans/${documentId}`} data-testid="history-back">
            ← {t('history.back')}
          </Link>
          <Typography.Title level={4} className="history-title">
            {t('history.title')} · <span lang="zh-CN">{document.title}</span>
          </Typography.Title>
        </div>
        <Space wrap>
          <Button onClick={sinceDiscussion} data-testid="since-discussion">
            {t('history.sinceDiscussion')}
          </Button>
          {document.permission === 'edit' && <SaveVersionButton documentId={documentId} />}
        </Space>
      </div>
      {versions.isError && (
        <Alert type="error" showIcon message={t('history.failed', { message: '' })} />
      )}
      <div className="history-body">
        <aside className="history-side">
          {versions.isPending ? (
            <Spin />
          ) : (
            <Timeline versions={list} selected={selected} onOpen={onOpen} />
          )}
        </aside>
        <main className="history-pane">{pane}</main>
      </div>
    </div>
  )
}
