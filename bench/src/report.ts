/** One result table: a title, column headers and rows of already formatted cells. */
export interface Table {
  title: string
  columns: string[]
  rows: string[][]
  notes?: string[]
}

/** Renders a table as Markdown. */
export function renderTable(table: Table): string {
  const lines = [`### ${table.title}`, '']
  lines.push(`| ${table.columns.join(' | ')} |`)
  lines.push(`| ${table.columns.map(() => '---').join(' | ')} |`)
  for (const row of table.rows) lines.push(`| ${row.join(' | ')} |`)
  for (const note of table.notes ?? []) lines.push('', note)
  return lines.join('\n')
}

/** Formats a number with `digits` decimals, or a dash when it is not finite. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–'
}

/** Formats bytes as MiB. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** Formats bytes as KiB. */
export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}

/**
 * "Jibei / best reference" for a metric, e.g. "0.62× (best reference: hocuspocus)"; the best
 * reference is the lowest value, or the highest when `higherIsBetter`.
 */
export function ratioToBest(
  results: ReadonlyArray<{ name: string; value: number }>,
  higherIsBetter = false,
  ownName = 'jibei',
): string {
  const own = results.find((result) => result.name === ownName)
  const references = results.filter(
    (result) => result.name !== ownName && Number.isFinite(result.value),
  )
  if (!own || !Number.isFinite(own.value) || references.length === 0) return 'n/a'
  const best = references.reduce((a, b) =>
    (higherIsBetter ? b.value > a.value : b.value < a.value) ? b : a,
  )
  if (best.value === 0) return `n/a (best reference ${best.name} is 0)`
  return `${(own.value / best.value).toFixed(2)}× (best reference: ${best.name})`
}
