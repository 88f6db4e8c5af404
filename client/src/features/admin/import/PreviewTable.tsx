import { Table, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type {
  ImportPreviewRow,
  ImportProblem,
  ImportRowStatus,
} from '../../../../../shared/identity/teacherImport.ts'

const STATUS_COLOR: Record<ImportRowStatus, string> = {
  new: 'green',
  existing: 'default',
  invalid: 'red',
}

/** The previewed rows of a roster: status tag and problems (in the user's language) per row. */
export function PreviewTable({ rows, emptyText }: { rows: ImportPreviewRow[]; emptyText: string }) {
  const { t } = useTranslation()
  const problemText = (problem: ImportProblem): string =>
    t(`admin.import.problem.${problem.code}`, {
      field: t(`admin.import.columns.${problem.field}`),
    })
  return (
    <Table<ImportPreviewRow>
      data-testid="import-preview-table"
      rowKey="line"
      size="small"
      dataSource={rows}
      locale={{ emptyText }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 1190 }}
      rowClassName={(row) => `import-row-${row.status}`}
      columns={[
        { title: t('admin.import.columns.line'), dataIndex: 'line', width: 64 },
        { title: t('admin.import.columns.name'), dataIndex: 'name', width: 110 },
        { title: t('admin.import.columns.school'), dataIndex: 'school', width: 170 },
        {
          title: t('admin.import.columns.status'),
          dataIndex: 'status',
          width: 84,
          render: (status: ImportRowStatus) => (
            <Tag color={STATUS_COLOR[status]} data-testid={`import-status-${status}`}>
              {t(`admin.import.status.${status}`)}
            </Tag>
          ),
        },
        {
          title: t('admin.import.columns.problems'),
          dataIndex: 'problems',
          width: 260,
          render: (problems: ImportProblem[]) =>
            problems.map((problem) => (
              <Typography.Text
                key={`${problem.field}-${problem.code}`}
                type="danger"
                style={{ display: 'block' }}
              >
                {problemText(problem)}
              </Typography.Text>
            )),
        },
        { title: t('admin.import.columns.username'), dataIndex: 'username', width: 130 },
        { title: t('admin.import.columns.phone'), dataIndex: 'phone', width: 120 },
        { title: t('admin.import.columns.subject'), dataIndex: 'subject', width: 72 },
        { title: t('admin.import.columns.grade'), dataIndex: 'grade', width: 80 },
        {
          title: t('admin.import.columns.role'),
          dataIndex: 'role',
          width: 100,
          render: (role: ImportPreviewRow['role']) => (role ? t(`admin.import.roles.${role}`) : ''),
        },
      ]}
    />
  )
}
