import http from 'node:http'
import ExcelJS from 'exceljs'
import type { HttpTarget } from './signIn.ts'

/** One answer of the import API: status and parsed JSON body. */
export interface ImportReply {
  status: number
  body: Record<string, unknown>
}

/** Posts a roster file as multipart form data (`file` field), same-origin, with a session cookie. */
export async function postRoster(
  target: HttpTarget,
  path: string,
  file: { name: string; bytes: Uint8Array | string },
  auth: { cookie?: string; bearer?: string },
): Promise<ImportReply> {
  const form = new FormData()
  const part = typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)
  form.append('file', new Blob([part]), file.name)
  const headers: Record<string, string> = { origin: target.httpUrl }
  if (auth.cookie) headers.cookie = auth.cookie
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`
  // Encode the multipart body with fetch's own FormData, then send it on a fresh connection
  // (node:http, no pooled keep-alive socket that the server may have closed meanwhile).
  const encoded = new Request(target.httpUrl, { method: 'POST', body: form })
  const payload = Buffer.from(await encoded.arrayBuffer())
  headers['content-type'] = encoded.headers.get('content-type') ?? ''
  headers['content-length'] = String(payload.length)
  const { status, text } = await new Promise<{ status: number; text: string }>(
    (resolve, reject) => {
      const request = http.request(
        new URL(path, target.httpUrl),
        { method: 'POST', headers, agent: false },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          )
        },
      )
      // The server may answer (413) and close before the whole body is sent.
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error)
      })
      request.end(payload)
    },
  )
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status, body }
}

/** An xlsx workbook with one sheet of `rows` (the first row is the header). */
export async function xlsxOf(rows: readonly (readonly ExcelJS.CellValue[])[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('教师名单')
  for (const row of rows) sheet.addRow([...row])
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** The rows of the first sheet of an xlsx file, as strings (row 1 is the header). */
export async function readXlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  const sheet = workbook.worksheets[0]
  const rows: string[][] = []
  sheet?.eachRow((row) => {
    const cells: string[] = []
    for (let column = 1; column <= row.cellCount; column += 1) {
      const value = row.getCell(column).value
      cells.push(value === null || value === undefined ? '' : String(value))
    }
    rows.push(cells)
  })
  return rows
}

/**
 * Encodes text as GBK without an encoder library: each character's two bytes are found by
 * searching the GBK code space with Node's own GBK decoder (ASCII stays one byte).
 */
export function encodeGbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gbk')
  const bytes: number[] = []
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (code < 0x80) {
      bytes.push(code)
      continue
    }
    let found = false
    for (let lead = 0x81; lead <= 0xfe && !found; lead += 1) {
      for (let trail = 0x40; trail <= 0xfe && !found; trail += 1) {
        if (trail === 0x7f) continue
        if (decoder.decode(new Uint8Array([lead, trail])) === char) {
          bytes.push(lead, trail)
          found = true
        }
      }
    }
    if (!found) throw new Error(`no GBK code for ${char}`)
  }
  return new Uint8Array(bytes)
}
