/**
 * Pure helpers of the comparison view: adjacent runs joined, long unchanged stretches shortened,
 * and the people (grouped by school) a comparison's marks name, for its legend.
 */
import type {
  AttributedRun,
  HistoryPerson,
  PartDiff,
} from '../../../../shared/history/versionApi.ts'

/** A run as shown: `…` when an unchanged stretch was shortened in the middle. */
export interface ShownRun extends AttributedRun {
  /** True when this unchanged run had its middle left out. */
  elided: boolean
}

/** Runs with neighbours of the same kind and author joined, and empty runs dropped. */
export function joinRuns(runs: readonly AttributedRun[]): AttributedRun[] {
  const joined: AttributedRun[] = []
  for (const run of runs) {
    if (run.text === '') continue
    const last = joined.at(-1)
    if (last && last.op === run.op && last.authorId === run.authorId) {
      joined[joined.length - 1] = { ...last, text: last.text + run.text }
    } else joined.push({ ...run })
  }
  return joined
}

/**
 * Joined runs, each unchanged one longer than `2 × keep` characters cut to its first and last
 * `keep` characters (only the end of the first run and the start of the last), so a change stays
 * readable in its context.
 */
export function shownRuns(runs: readonly AttributedRun[], keep = 80): ShownRun[] {
  const joined = joinRuns(runs)
  return joined.map((run, index) => {
    const characters = Array.from(run.text)
    if (run.op !== 'same' || characters.length <= 2 * keep) return { ...run, elided: false }
    const first = index === 0
    const last = index === joined.length - 1
    if (first && last) return { ...run, elided: false }
    const head = first ? '' : characters.slice(0, keep).join('')
    const tail = last ? '' : characters.slice(-keep).join('')
    return { ...run, text: `${head}\u0000${tail}`, elided: true }
  })
}

/** The two sides of an elided run's text (around the left-out middle). */
export function elidedSides(run: ShownRun): [string, string] {
  if (!run.elided) return [run.text, '']
  const at = run.text.indexOf('\u0000')
  return [run.text.slice(0, at), run.text.slice(at + 1)]
}

/** One school of a legend and its people. */
export interface LegendSchool {
  schoolId: string
  schoolName: string
  people: HistoryPerson[]
}

/** The people whose insertions or deletions a comparison marks, grouped by school (by name). */
export function legendOf(
  parts: readonly PartDiff[],
  people: readonly HistoryPerson[],
): LegendSchool[] {
  const marked = new Set<string>()
  for (const part of parts) {
    for (const run of part.runs) if (run.op !== 'same' && run.authorId) marked.add(run.authorId)
  }
  const schools = new Map<string, LegendSchool>()
  for (const person of people) {
    if (!marked.has(person.id)) continue
    const school = schools.get(person.schoolId) ?? {
      schoolId: person.schoolId,
      schoolName: person.schoolName,
      people: [],
    }
    school.people.push(person)
    schools.set(person.schoolId, school)
  }
  const byName = (a: { schoolName: string }, b: { schoolName: string }) =>
    a.schoolName.localeCompare(b.schoolName, 'zh-CN')
  return [...schools.values()].sort(byName).map((school) => ({
    ...school,
    people: [...school.people].sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN')),
  }))
}

/** Whether a part shows any change (its status, or a marked run). */
export function partChanged(part: PartDiff): boolean {
  return part.status !== 'same' || part.runs.some((run) => run.op !== 'same')
}
