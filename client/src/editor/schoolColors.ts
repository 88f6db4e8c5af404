const PALETTE = ['#1f6feb', '#d4380d', '#389e0d', '#722ed1', '#c41d7f', '#d48806', '#08979c']

/** A stable colour per school, so carets show at a glance where a colleague teaches. */
export function schoolColor(schoolId: string): string {
  let hash = 0
  for (const character of schoolId) hash = (hash * 31 + character.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length] as string
}
