import dayjs from 'dayjs'
import type { TFunction } from 'i18next'
import { Link } from 'react-router'
import type {
  AdaptedPlanDrillRow,
  CommentDrillRow,
  LibraryEntryDrillRow,
  PlanDrillRow,
  SessionDrillRow,
  TaskDrillRow,
} from '../../../../shared/dashboard/dashboardApi.ts'
import type { DrillRequest } from './api.ts'
import type { DashColumn } from './DashTable.tsx'

/** The rows of each kind of drill-down. */
export interface DrillRows {
  tasks: TaskDrillRow
  sessions: SessionDrillRow
  comments: CommentDrillRow
  plans: PlanDrillRow
  adapted: AdaptedPlanDrillRow
  entries: LibraryEntryDrillRow
}

/** A kind of drill-down (which rows it lists). */
export type DrillKind = keyof DrillRows

/** What a clicked figure opens: the kind of rows, the route and a caption naming the figure. */
export interface DrillSpec {
  kind: DrillKind
  request: DrillRequest
  caption: string
}

/** How a kind of drill-down is shown: its title, route-independent columns and row key. */
interface DrillTable<Row> {
  title: string
  file: string
  rowKey: (row: Row) => string
  columns: (t: TFunction) => DashColumn<Row>[]
}

const time = (value: number | null): string =>
  value === null ? '' : dayjs(value).format('YYYY-MM-DD HH:mm')

const yesNo = (t: TFunction, value: boolean | null): string =>
  value === null ? '' : value ? t('dashboard.table.yes') : t('dashboard.table.no')

const planLink = (documentId: string, title: string) => (
  <Link to={`/plans/${documentId}`}>{title}</Link>
)

/** The tables of every kind of drill-down. */
export const DRILL_TABLES: { [Kind in DrillKind]: DrillTable<DrillRows[Kind]> } = {
  tasks: {
    title: 'dashboard.drill.tasks',
    file: 'tasks',
    rowKey: (row) => row.taskId,
    columns: (t) => [
      {
        key: 'lesson',
        title: t('dashboard.columns.lesson'),
        value: (row) => row.lesson,
        render: (row) => (row.documentId ? planLink(row.documentId, row.lesson) : row.lesson),
      },
      { key: 'unit', title: t('dashboard.columns.unit'), value: (row) => row.unit },
      { key: 'group', title: t('dashboard.columns.group'), value: (row) => row.groupName },
      { key: 'school', title: t('dashboard.columns.school'), value: (row) => row.schoolName },
      { key: 'dueDate', title: t('dashboard.columns.dueDate'), value: (row) => row.dueDate },
      {
        key: 'stage',
        title: t('dashboard.columns.stage'),
        value: (row) => t(`prep.stages.${row.stage}`),
      },
      {
        key: 'signedAt',
        title: t('dashboard.columns.signedAt'),
        value: (row) => time(row.signedAt),
      },
      { key: 'onTime', title: t('dashboard.columns.onTime'), value: (row) => yesNo(t, row.onTime) },
    ],
  },
  sessions: {
    title: 'dashboard.drill.sessions',
    file: 'sessions',
    rowKey: (row) => row.sessionId,
    columns: (t) => [
      {
        key: 'plan',
        title: t('dashboard.columns.plan'),
        value: (row) => row.planTitle,
        render: (row) => planLink(row.documentId, row.planTitle),
      },
      { key: 'group', title: t('dashboard.columns.group'), value: (row) => row.groupName },
      { key: 'school', title: t('dashboard.columns.school'), value: (row) => row.schoolName },
      {
        key: 'startedAt',
        title: t('dashboard.columns.startedAt'),
        value: (row) => time(row.startedAt),
      },
      { key: 'endedAt', title: t('dashboard.columns.endedAt'), value: (row) => time(row.endedAt) },
      { key: 'attendees', title: t('dashboard.columns.attendees'), value: (row) => row.attendees },
      { key: 'turns', title: t('dashboard.columns.turns'), value: (row) => row.turns },
    ],
  },
  comments: {
    title: 'dashboard.drill.comments',
    file: 'comments',
    rowKey: (row) => row.commentId,
    columns: (t) => [
      {
        key: 'plan',
        title: t('dashboard.columns.plan'),
        value: (row) => row.planTitle,
        render: (row) => planLink(row.documentId, row.planTitle),
      },
      {
        key: 'planSchool',
        title: t('dashboard.columns.planSchool'),
        value: (row) => row.planSchoolName,
      },
      {
        key: 'authorSchool',
        title: t('dashboard.columns.authorSchool'),
        value: (row) => row.authorSchoolName,
      },
      {
        key: 'crossSchool',
        title: t('dashboard.columns.crossSchool'),
        value: (row) => yesNo(t, row.crossSchool),
      },
      {
        key: 'createdAt',
        title: t('dashboard.columns.createdAt'),
        value: (row) => time(row.createdAt),
      },
    ],
  },
  plans: {
    title: 'dashboard.drill.plans',
    file: 'plans',
    rowKey: (row) => row.documentId,
    columns: (t) => [
      {
        key: 'plan',
        title: t('dashboard.columns.plan'),
        value: (row) => row.title,
        render: (row) => planLink(row.documentId, row.title),
      },
      { key: 'school', title: t('dashboard.columns.school'), value: (row) => row.schoolName },
      { key: 'group', title: t('dashboard.columns.group'), value: (row) => row.groupName },
      {
        key: 'status',
        title: t('dashboard.columns.status'),
        value: (row) => t(`status.${row.status}`, { defaultValue: row.status }),
      },
      {
        key: 'writerSchools',
        title: t('dashboard.columns.writerSchools'),
        value: (row) => row.writerSchools.join('、'),
      },
      {
        key: 'createdAt',
        title: t('dashboard.columns.createdAt'),
        value: (row) => time(row.createdAt),
      },
    ],
  },
  adapted: {
    title: 'dashboard.drill.adapted',
    file: 'adapted',
    rowKey: (row) => row.documentId,
    columns: (t) => [
      {
        key: 'plan',
        title: t('dashboard.columns.plan'),
        value: (row) => row.title,
        render: (row) => planLink(row.documentId, row.title),
      },
      { key: 'toSchool', title: t('dashboard.columns.toSchool'), value: (row) => row.toSchoolName },
      {
        key: 'entry',
        title: t('dashboard.columns.entry'),
        value: (row) => row.entryTitle,
        render: (row) => <Link to={`/library/${row.entryId}`}>{row.entryTitle}</Link>,
      },
      {
        key: 'fromSchool',
        title: t('dashboard.columns.fromSchool'),
        value: (row) => row.fromSchoolName,
      },
      {
        key: 'createdAt',
        title: t('dashboard.columns.createdAt'),
        value: (row) => time(row.createdAt),
      },
    ],
  },
  entries: {
    title: 'dashboard.drill.entries',
    file: 'entries',
    rowKey: (row) => row.entryId,
    columns: (t) => [
      {
        key: 'entry',
        title: t('dashboard.columns.entry'),
        value: (row) => row.title,
        render: (row) => <Link to={`/library/${row.entryId}`}>{row.title}</Link>,
      },
      { key: 'school', title: t('dashboard.columns.school'), value: (row) => row.schoolName },
      { key: 'subject', title: t('dashboard.columns.subject'), value: (row) => row.subject },
      { key: 'grade', title: t('dashboard.columns.grade'), value: (row) => row.grade },
      {
        key: 'entryStatus',
        title: t('dashboard.columns.entryStatus'),
        value: (row) => t(`dashboard.entryStatus.${row.status}`),
      },
      {
        key: 'adaptations',
        title: t('dashboard.columns.adaptations'),
        value: (row) => row.adaptations,
      },
      { key: 'reviews', title: t('dashboard.columns.reviews'), value: (row) => row.reviews },
      {
        key: 'averageStars',
        title: t('dashboard.columns.averageStars'),
        value: (row) => row.averageStars,
      },
      {
        key: 'hoursInReview',
        title: t('dashboard.columns.hoursInReview'),
        value: (row) => row.hoursInReview,
      },
      {
        key: 'createdAt',
        title: t('dashboard.columns.createdAt'),
        value: (row) => time(row.createdAt),
      },
    ],
  },
}
