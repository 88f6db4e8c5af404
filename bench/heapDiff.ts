/**
 * Compares two V8 heap snapshots (as written with BENCH_HEAP_SNAPSHOT_DIR by the
 * many-documents scenario) by node type and name: what the second holds more of, with the
 * count and bytes per document, to see where per-document memory goes.
 *
 *   npx tsx bench/heapDiff.ts <before.heapsnapshot> <after.heapsnapshot> [documents] [rows]
 */
import fs from 'node:fs'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
  strings: string[]
}

/** Count and self size per "type name" group. */
type Groups = Map<string, { count: number; bytes: number }>

function groups(file: string): Groups {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot
  const fields = data.snapshot.meta.node_fields
  const width = fields.length
  const typeAt = fields.indexOf('type')
  const nameAt = fields.indexOf('name')
  const sizeAt = fields.indexOf('self_size')
  const types = data.snapshot.meta.node_types[0]
  const result: Groups = new Map()
  for (let at = 0; at < data.nodes.length; at += width) {
    const type = types[data.nodes[at + typeAt] as number] ?? '?'
    let name = data.strings[data.nodes[at + nameAt] as number] ?? '?'
    // Strings and code are grouped by type only: their names are their contents.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = ''
    if (type === 'code' || type === 'number') name = ''
    if (name.length > 60) name = `${name.slice(0, 57)}...`
    const key = `${type} ${name}`
    const group = result.get(key) ?? { count: 0, bytes: 0 }
    group.count += 1
    group.bytes += data.nodes[at + sizeAt] as number
    result.set(key, group)
  }
  return result
}

const [beforeFile, afterFile, documentsArgument, rowsArgument] = process.argv.slice(2)
if (!beforeFile || !afterFile) {
  console.error('usage: heapDiff.ts <before.heapsnapshot> <after.heapsnapshot> [documents] [rows]')
  process.exit(2)
}
const documents = Number(documentsArgument ?? 1000)
const rows = Number(rowsArgument ?? 40)
const before = groups(beforeFile)
const after = groups(afterFile)
const differences = [...after.entries()].map(([key, group]) => {
  const earlier = before.get(key) ?? { count: 0, bytes: 0 }
  return { key, count: group.count - earlier.count, bytes: group.bytes - earlier.bytes }
})
differences.sort((a, b) => b.bytes - a.bytes)
const total = differences.reduce((sum, difference) => sum + difference.bytes, 0)
console.log(`total self size difference: ${(total / documents).toFixed(0)} bytes per document`)
console.log('bytes/doc  count/doc  type name')
for (const difference of differences.slice(0, rows)) {
  console.log(
    `${(difference.bytes / documents).toFixed(0).padStart(9)}  ${(difference.count / documents).toFixed(2).padStart(9)}  ${difference.key}`,
  )
}
