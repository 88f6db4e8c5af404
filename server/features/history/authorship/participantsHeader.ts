import * as Y from 'yjs'
import { PLAN_FRAGMENT, PLAN_HEADER_NODE } from '../../../../shared/editor/planSchema.ts'
import type { ContributorsResponse } from '../../../../shared/history/versionApi.ts'

/** The separator of names in the header's 参与教师, as teachers write it. */
const NAME_SEPARATOR = '、'

/** The plan header element of a plan document, or null when it has none. */
function headerElement(doc: Y.Doc): Y.XmlElement | null {
  for (const child of doc.getXmlFragment(PLAN_FRAGMENT).toArray()) {
    if (child instanceof Y.XmlElement && child.nodeName === PLAN_HEADER_NODE) return child
  }
  return null
}

/** The header's 主备人 (main preparer) as written, '' if none. */
export function headerMainPreparer(doc: Y.Doc): string {
  const value = headerElement(doc)?.getAttribute('mainPreparer')
  return typeof value === 'string' ? value.trim() : ''
}

/** 参与教师 from the contributors: their names, most content first, the main preparer left out. */
export function participantsLine(contributors: ContributorsResponse, mainPreparer: string): string {
  const names: string[] = []
  for (const { person } of contributors.contributors) {
    const name = person.displayName.trim()
    if (name !== '' && name !== mainPreparer && !names.includes(name)) names.push(name)
  }
  return names.join(NAME_SEPARATOR)
}

/** Sets the header's 参与教师; false when the plan has no header (nothing is changed). */
export function setHeaderParticipants(doc: Y.Doc, participants: string): boolean {
  const header = headerElement(doc)
  if (!header) return false
  if (header.getAttribute('participants') !== participants) {
    header.setAttribute('participants', participants)
  }
  return true
}
