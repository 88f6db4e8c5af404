/** A cell of an exported sheet. */
export type SheetCell = string | number | null

/** Characters Excel does not allow in a sheet name. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/g

/** `质量监测-<name>-YYYY-MM-DD.xlsx`: the Chinese file name of an export made today. */
export function exportFileName(prefix: string, name: string, today = new Date()): string {
  const day = [
    today.getFullYear(),
    String(today.getMonth() + 1).padStart(2, '0'),
    String(today.getDate()).padStart(2, '0'),
  ].join('-')
  return `${prefix}-${name}-${day}.xlsx`
}

/**
 * Builds an .xlsx workbook of one sheet (bold header row, widths fitted to the text) in the
 * browser and downloads it. exceljs is loaded only when a table is first exported.
 */
export async function downloadXlsx(
  fileName: string,
  sheetName: string,
  headers: string[],
  rows: SheetCell[][],
): Promise<void> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Jibei'
  const sheet = workbook.addWorksheet(sheetName.replace(BAD_SHEET_CHARS, ' ').slice(0, 31))
  sheet.addRow(headers).font = { bold: true }
  for (const row of rows) sheet.addRow(row)
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  headers.forEach((header, index) => {
    const longest = Math.max(header.length, ...rows.map((row) => String(row[index] ?? '').length))
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest * 2))
  })
  const buffer = await workbook.xlsx.writeBuffer()
  const url = URL.createObjectURL(
    new Blob([buffer], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
  )
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
