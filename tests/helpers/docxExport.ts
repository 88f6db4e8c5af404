import { spawnSync } from 'node:child_process'
import JSZip from 'jszip'
import type { HttpTarget } from './signIn.ts'

/** A binary HTTP response: status, headers and the body's bytes. */
export interface BinaryResult {
  status: number
  headers: Headers
  bytes: Buffer
}

/** GETs `path` with a session cookie (or none) and keeps the body as bytes. */
export async function getBinary(
  target: HttpTarget,
  path: string,
  cookie: string | null,
): Promise<BinaryResult> {
  const response = await fetch(new URL(path, target.httpUrl), {
    headers: cookie ? { cookie } : {},
  })
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  }
}

/** The `word/document.xml` part of a .docx. */
export async function documentXml(docx: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(docx)
  const part = zip.file('word/document.xml')
  if (!part) throw new Error('the .docx has no word/document.xml')
  return part.async('string')
}

/** Whether LibreOffice (`soffice`) can be run here. */
export function hasSoffice(): boolean {
  return spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0
}

/** Whether every needle occurs in `text`, in the given order (returns the first one missing). */
export function firstMissingInOrder(text: string, needles: readonly string[]): string | null {
  let from = 0
  for (const needle of needles) {
    const at = text.indexOf(needle, from)
    if (at < 0) return needle
    from = at + needle.length
  }
  return null
}
