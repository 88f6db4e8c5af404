import { ApiError } from '../../api/ApiError.ts'

/** The file formats a plan or a meeting's record exports to. */
export type ExportFormat = 'docx' | 'pdf'

/** The file name a `Content-Disposition` offers (its RFC 5987 `filename*` first). */
export function dispositionFileName(header: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1]
  if (encoded) {
    try {
      return decodeURIComponent(encoded)
    } catch {
      // Malformed: fall through to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? '')?.[1] ?? fallback
}

/**
 * Fetches a file the server builds and saves it under the name the server offers; throws
 * ApiError with the server's code (e.g. `pdf_unavailable`) when it refuses.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  let response: Response
  try {
    response = await fetch(url, { credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached')
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: string
      message?: string
    } | null
    throw new ApiError(response.status, body?.error ?? 'unknown', body?.message ?? 'Export failed')
  }
  const name = dispositionFileName(response.headers.get('content-disposition'), fallbackName)
  const objectUrl = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = objectUrl
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000)
  return name
}

/** Downloads an export (`url`, e.g. `/api/documents/:id/export.docx`) in a format. */
export function downloadExport(url: string, format: ExportFormat): Promise<string> {
  return downloadFile(url, `export.${format}`)
}
