import { Readable } from 'node:stream'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { MAX_IMPORT_ROWS } from '../../../../shared/identity/teacherImport.ts'
import { DomainError } from '../../../domainError.ts'

/** A roster read from a file: its header cells and its non-empty data rows, as trimmed strings. */
export interface RawSheet {
  headers: string[]
  rows: { line: number; cells: string[] }[]
}

/** Rows handled between two yields to the event loop. */
export const ROWS_PER_SLICE = 200

const unreadable = (why: string): DomainError =>
  new DomainError('import_unreadable', `The file cannot be read: ${why}`)

/** A cell value of exceljs (rich text, hyperlink, formula, date, …) as a trimmed string. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number') {
    // Phone numbers often arrive as numbers; print integers without exponent or ".0".
    return Number.isInteger(value) ? BigInt(value).toString() : String(value)
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim()
  if ('hyperlink' in value) {
    const text = typeof value.text === 'string' ? value.text : cellText(value.text)
    return (text || value.hyperlink.replace(/^mailto:/i, '')).trim()
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = 'result' in value ? value.result : undefined
    return result === undefined || (typeof result === 'object' && 'error' in result)
      ? ''
      : cellText(result)
  }
  if ('error' in value) return ''
  return ''
}

function tooManyRows(): DomainError {
  return new DomainError(
    'import_too_many_rows',
    `A roster may have at most ${MAX_IMPORT_ROWS} rows; split the file`,
  )
}

/**
 * Reads the first worksheet of an xlsx file with exceljs's streaming reader (rows arrive as the
 * zip inflates, so a large file does not hold the event loop); its first non-empty row is the
 * header.
 */
async function readXlsx(bytes: Uint8Array): Promise<RawSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'ignore',
    worksheets: 'emit',
  })
  let headers: string[] | null = null
  const rows: RawSheet['rows'] = []
  let seen = 0
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const cells: string[] = []
        for (let column = 1; column <= row.cellCount; column += 1) {
          cells.push(cellText(row.getCell(column).value))
        }
        seen += 1
        if (seen % ROWS_PER_SLICE === 0) await yieldToEventLoop()
        if (cells.every((cell) => cell === '')) continue
        if (headers === null) headers = cells
        else {
          rows.push({ line: row.number, cells })
          if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows()
        }
      }
      // Only the first worksheet is the roster (a 说明 sheet may follow).
      break
    }
  } catch (error) {
    if (error instanceof DomainError) throw error
    throw unreadable('not a valid .xlsx workbook')
  }
  if (headers === null) throw unreadable('the workbook has no worksheet with a header row')
  return { headers, rows }
}

/** The text of a csv file: UTF-8 (a BOM is dropped), or GBK as old Excel saves it. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gbk').decode(bytes)
  }
}

/** Reads a csv file with papaparse: the first line is the header; blank lines are skipped. */
async function readCsv(bytes: Uint8Array): Promise<RawSheet> {
  const parsed = Papa.parse<Record<string, string>>(decodeCsv(bytes), {
    header: true,
    skipEmptyLines: false,
    transformHeader: (header) => header.trim(),
  })
  const headers = (parsed.meta.fields ?? []).map((field) => field.trim())
  const rows: RawSheet['rows'] = []
  for (const [index, record] of parsed.data.entries()) {
    const cells = headers.map((header) => (record[header] ?? '').trim())
    if (index % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop()
    // A blank line (or one of only separators) is no teacher.
    if (cells.every((cell) => cell === '')) continue
    rows.push({ line: index + 2, cells })
    if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows()
  }
  return { headers, rows }
}

/** Reads an uploaded roster by its name's extension (.xlsx or .csv). */
export async function readRoster(fileName: string, bytes: Uint8Array): Promise<RawSheet> {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.xlsx')) return readXlsx(bytes)
  if (lower.endsWith('.csv')) return readCsv(bytes)
  throw unreadable('only .xlsx and .csv files can be imported')
}
