import { InfoCircleOutlined } from '@ant-design/icons'
import { Alert, Card, Empty, Skeleton, Tooltip, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../api/errorMessage.ts'

interface IndicatorCardProps {
  title: string
  /** The indicator's definition in words, shown under the title. */
  definition: string
  loading: boolean
  error: unknown
  /** True when the figures are all zero: an empty state instead of the charts. */
  empty?: boolean
  emptyText?: string
  testId: string
  children: ReactNode
}

/** A dashboard card: title, definition, then the figures (or loading, error, empty states). */
export function IndicatorCard(props: IndicatorCardProps) {
  const { t } = useTranslation()
  let body: ReactNode = props.children
  if (props.loading) body = <Skeleton active paragraph={{ rows: 4 }} />
  else if (props.error)
    body = (
      <Alert
        type="error"
        showIcon
        title={t('dashboard.failed', { message: apiErrorMessage(t, props.error) })}
      />
    )
  else if (props.empty)
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={props.emptyText ?? t('dashboard.empty')}
      />
    )
  return (
    <Card
      className="dashboard-card"
      data-testid={props.testId}
      title={
        <span className="dashboard-card-title">
          {props.title}
          <Tooltip title={props.definition}>
            <InfoCircleOutlined aria-label={t('dashboard.definition')} tabIndex={0} />
          </Tooltip>
        </span>
      }
    >
      <Typography.Paragraph type="secondary" className="dashboard-definition">
        {props.definition}
      </Typography.Paragraph>
      {body}
    </Card>
  )
}

interface FigureProps {
  label: string
  value: ReactNode
  /** Opens the drill-down behind the figure; a plain figure when absent. */
  onOpen?: () => void
  testId?: string
}

/** One headline figure; a button that opens what is behind it when it can be drilled. */
export function Figure({ label, value, onOpen, testId }: FigureProps) {
  const content = (
    <>
      <span className="dashboard-figure-value">{value}</span>
      <span className="dashboard-figure-label">{label}</span>
    </>
  )
  if (!onOpen)
    return (
      <div className="dashboard-figure" data-testid={testId}>
        {content}
      </div>
    )
  return (
    <button
      type="button"
      className="dashboard-figure dashboard-figure-button"
      onClick={onOpen}
      data-testid={testId}
    >
      {content}
    </button>
  )
}

/** A share 0..1 as a percentage with one decimal, or a dash. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`
}

/** A number or a dash. */
export function orDash(value: number | null, format?: (value: number) => string): string {
  if (value === null) return '—'
  return format ? format(value) : String(value)
}

/** A count that opens a drill-down when the caller may see it (a table cell). */
export function CountLink({
  count,
  onOpen,
  testId,
}: {
  count: number
  onOpen?: () => void
  testId?: string
}) {
  if (!onOpen || count === 0) return <span data-testid={testId}>{count}</span>
  return (
    <button type="button" className="dashboard-count-link" onClick={onOpen} data-testid={testId}>
      {count}
    </button>
  )
}
