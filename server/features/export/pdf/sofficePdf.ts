import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { DomainError } from '../../../domainError.ts'

/** Longest one conversion may take before soffice is killed. */
export const PDF_TIMEOUT_MS = 60_000

/** Conversions run at once at most; the others wait their turn. */
export const MAX_CONVERSIONS = 2

/** The LibreOffice binary (SOFFICE_PATH overrides it). */
export function sofficeBinary(): string {
  return process.env.SOFFICE_PATH ?? 'soffice'
}

let running = 0
const waiting: Array<() => void> = []

async function acquire(): Promise<void> {
  if (running < MAX_CONVERSIONS) {
    running += 1
    return
  }
  await new Promise<void>((resolve) => waiting.push(resolve))
}

function release(): void {
  const next = waiting.shift()
  if (next) next()
  else running -= 1
}

function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: PDF_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error) =>
      error ? reject(error) : resolve(),
    )
  })
}

function isMissingBinary(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT'
}

/**
 * Converts a .docx to PDF with LibreOffice headless, in a temp folder with its own user profile
 * (so that concurrent conversions do not share one). 503 `pdf_unavailable` when soffice is not
 * installed or fails.
 */
export async function docxToPdf(docx: Uint8Array): Promise<Buffer> {
  await acquire()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'jibei-pdf-'))
  try {
    const input = path.join(dir, 'plan.docx')
    await fs.writeFile(input, docx)
    const profile = `file://${path.join(dir, 'profile')}`
    try {
      await run(sofficeBinary(), [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        input,
      ])
    } catch (error) {
      throw new DomainError(
        'pdf_unavailable',
        isMissingBinary(error)
          ? 'PDF export needs LibreOffice, which is not installed on the server'
          : 'LibreOffice could not convert the plan to PDF',
      )
    }
    const pdf = await fs.readFile(path.join(dir, 'plan.pdf')).catch(() => null)
    if (!pdf) throw new DomainError('pdf_unavailable', 'LibreOffice produced no PDF')
    return pdf
  } finally {
    release()
    await fs.rm(dir, { recursive: true, force: true })
  }
}
