import { PassThrough } from 'node:stream'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import {
  IMPORT_COLUMN_HEADERS,
  IMPORT_COLUMNS,
  type ImportProblem,
} from '../../../../shared/identity/teacherImport.ts'
import { ROWS_PER_SLICE } from './parseFile.ts'
import type { ValidatedRow } from './validateRows.ts'

/** Times in the files are written in China Standard Time, as the schools read them. */
const TIME_ZONE = 'Asia/Shanghai'

/** `YYYY-MM-DD HH:mm` in China Standard Time. */
export function localTime(at: number): string {
  return LOCAL_TIME.format(at)
}

// One formatter for all rows: constructing an Intl formatter costs far more than using it.
const LOCAL_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})

/** `导入结果-YYYYMMDD-HHmm.xlsx` for an import made at `at`. */
export function resultFileName(at: number): string {
  const stamp = localTime(at).replace(/-/g, '').replace(' ', '-').replace(':', '')
  return `导入结果-${stamp}.xlsx`
}

function boldHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
}

const COLUMN_NOTES: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  name: '必填。教师的姓名，显示在教案和教研组中。',
  school: '必填（学校管理员导入本校教师时可留空）。须与系统中的学校名称完全一致。',
  subject: '选填。任教学科，如 数学。',
  grade: '选填。任教年级，如 七年级。',
  phone: '选填。手机号（11 位，以 1 开头）；用于登录名和识别已有账号。',
  email: '选填。电子邮箱。',
  role: '选填。教师（默认）或 学校管理员；不能导入教联体管理员。',
  username: '选填。登录用的用户名（小写字母、数字、. _ -）；留空时用 t+手机号，或邮箱 @ 前的部分。',
}

/** The roster template: the header row, two example rows and a 说明 sheet on each column. */
export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('教师名单')
  sheet.columns = IMPORT_COLUMNS.map((column) => ({
    header: IMPORT_COLUMN_HEADERS[column],
    key: column,
    width: column === 'school' || column === 'email' ? 24 : column === 'username' ? 18 : 14,
  }))
  sheet.addRow({
    name: '张晓明',
    school: '城关第一中学',
    subject: '数学',
    grade: '七年级',
    phone: '13800000001',
    email: 'zhangxm@example.cn',
    role: '教师',
    username: '',
  })
  sheet.addRow({
    name: '李红',
    school: '河西乡中心学校',
    subject: '语文',
    grade: '八年级',
    phone: '',
    email: 'lihong@example.cn',
    role: '学校管理员',
    username: 'lihong',
  })
  sheet.getColumn('phone').numFmt = '@'
  boldHeader(sheet)
  const notes = workbook.addWorksheet('说明')
  notes.columns = [
    { header: '列', key: 'column', width: 12 },
    { header: '说明', key: 'note', width: 80 },
  ]
  for (const column of IMPORT_COLUMNS) {
    notes.addRow({ column: IMPORT_COLUMN_HEADERS[column], note: COLUMN_NOTES[column] })
  }
  notes.addRow({
    column: '',
    note: '表头也可以用英文：name, school, subject, grade, phone, email, role, username。',
  })
  notes.addRow({
    column: '',
    note: '同一文件再次导入不会重复创建：用户名或手机号已存在的行视为“已存在”。',
  })
  boldHeader(notes)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const STATUS_TEXT = { new: '已创建', existing: '已存在', invalid: '未导入' } as const

/** The Chinese wording of a problem, for the result file. */
const PROBLEM_TEXT: Record<ImportProblem['code'], string> = {
  required: '必填',
  unknown_school: '没有这所学校',
  archived_school: '学校已归档',
  other_school: '不是本校',
  bad_phone: '手机号格式不对',
  bad_email: '邮箱格式不对',
  bad_role: '角色只能是 教师 或 学校管理员',
  bad_username: '用户名只能含小写字母、数字、. _ -（3–64 位）',
  duplicate_in_file: '文件中重复',
  need_phone_or_username: '需要手机号或用户名',
  conflicting_accounts: '用户名和手机号属于两个不同的账号',
}

/** The problems of a row as one line of text (`学校：没有这所学校；…`). */
export function problemsText(problems: readonly ImportProblem[]): string {
  return problems
    .map((problem) => `${IMPORT_COLUMN_HEADERS[problem.field]}：${PROBLEM_TEXT[problem.code]}`)
    .join('；')
}

/**
 * The import result: one row per input row, with the sign-in link of each created account.
 * Written with exceljs's streaming writer, yielding to the event loop between slices of rows,
 * so that a result of thousands of rows does not hold up other requests.
 */
export async function resultWorkbook(
  rows: readonly ValidatedRow[],
  links: ReadonlyMap<number, { url: string; expiresAt: number }>,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  const sink = new PassThrough()
  sink.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve)
    sink.on('error', reject)
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  })
  const sheet = workbook.addWorksheet('导入结果', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = [
    { header: '行号', key: 'line', width: 8 },
    { header: '姓名', key: 'name', width: 14 },
    { header: '学校', key: 'school', width: 24 },
    { header: '用户名', key: 'username', width: 18 },
    { header: '状态', key: 'status', width: 10 },
    { header: '一次性登录链接', key: 'link', width: 80 },
    { header: '链接有效期至', key: 'expires', width: 18 },
    { header: '问题', key: 'problems', width: 50 },
  ]
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.commit()
  for (const [index, row] of rows.entries()) {
    const link = links.get(row.line)
    sheet
      .addRow({
        line: row.line,
        name: row.name,
        school: row.school,
        username: row.username,
        status: STATUS_TEXT[row.status],
        link: link?.url ?? '',
        expires: link ? localTime(link.expiresAt) : '',
        problems: problemsText(row.problems),
      })
      .commit()
    if (index % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop()
  }
  sheet.commit()
  await workbook.commit()
  await finished
  return Buffer.concat(chunks)
}
