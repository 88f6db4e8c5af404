import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, Table, type TablePaginationConfig } from 'antd'
import type { ReactNode } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { downloadXlsx, exportFileName, type SheetCell } from './xlsx.ts'

/** A column of a dashboard table: its header, its exported value and how it is shown. */
export interface DashColumn<Row> {
  key: string
  title: string
  value: (row: Row) => SheetCell
  /** How the cell is shown; the value when absent. */
  render?: (row: Row) => ReactNode
}

interface DashTableProps<Row> {
  columns: DashColumn<Row>[]
  rows: Row[]
  rowKey: (row: Row) => string
  /** The Chinese name of the table in the export's file name. */
  fileName: string
  /** The sheet's name (in the UI language). */
  sheetName: string
  loading?: boolean
  pagination?: false | TablePaginationConfig
  /** Every row to export when the table shows only a page. */
  allRows?: () => Promise<Row[]>
  testId?: string
}

/** A table of the dashboard with an "export to Excel" button above it. */
export function DashTable<Row extends object>(props: DashTableProps<Row>) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [exporting, setExporting] = useState(false)
  const { columns, rows, allRows } = props

  const exportRows = async (): Promise<void> => {
    setExporting(true)
    try {
      const all = allRows ? await allRows() : rows
      await downloadXlsx(
        exportFileName(t('dashboard.files.prefix'), props.fileName),
        props.sheetName,
        columns.map((column) => column.title),
        all.map((row) => columns.map((column) => column.value(row))),
      )
      message.success(t('dashboard.table.exported', { count: all.length }))
    } catch (error) {
      message.error(t('dashboard.table.exportFailed', { message: apiErrorMessage(t, error) }))
    } finally {
      setExporting(false)
    }
  }

  return (
    <div className="dashboard-table" data-testid={props.testId}>
      <div className="dashboard-table-tools">
        <Button
          size="small"
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={rows.length === 0}
          onClick={() => void exportRows()}
          data-testid={props.testId ? `${props.testId}-export` : undefined}
        >
          {exporting ? t('dashboard.table.exporting') : t('dashboard.table.export')}
        </Button>
      </div>
      <Table<Row>
        size="small"
        rowKey={props.rowKey}
        loading={props.loading}
        dataSource={rows}
        pagination={props.pagination ?? false}
        scroll={{ x: 'max-content' }}
        columns={columns.map((column) => ({
          key: column.key,
          title: column.title,
          render: (_: unknown, row: Row) => column.render?.(row) ?? column.value(row) ?? '—',
        }))}
      />
    </div>
  )
}
