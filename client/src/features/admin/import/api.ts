import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { call, client } from '../../../api/client.ts'
import { identityKeys } from '../../identity/index.ts'

const routes = client.admin['teacher-import']

/** The preview of a roster: mapped columns, rows with status and problems, counts. */
export type ImportPreview = Exclude<InferResponseType<typeof routes.preview.$post>, { ok: false }>
/** The answer of an import: counts and the result file (base64 xlsx). */
export type ImportOutcome = Exclude<InferResponseType<typeof routes.$post>, { ok: false }>

/** Where the roster template downloads from (a plain link: the session cookie goes along). */
export const TEMPLATE_URL = '/api/admin/teacher-import/template.xlsx'

/** Posts a roster file as multipart form data to `url`, typed as the route answers. */
function postRoster<T>(url: string, file: File): Promise<Exclude<T, { ok: false }>> {
  const form = new FormData()
  form.append('file', file, file.name)
  return call<T>(
    fetch(url, { method: 'POST', body: form, credentials: 'same-origin' }) as Promise<{
      ok: boolean
      status: number
      json(): Promise<T>
    }>,
  )
}

/** Reads a roster and shows what an import would do (writes nothing). */
export function usePreviewImportMutation() {
  return useMutation({
    mutationFn: (file: File) =>
      postRoster<InferResponseType<typeof routes.preview.$post>>(
        '/api/admin/teacher-import/preview',
        file,
      ),
  })
}

/** Imports the roster's new rows; the user lists are stale afterwards. */
export function useImportTeachersMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (file: File) =>
      postRoster<InferResponseType<typeof routes.$post>>('/api/admin/teacher-import', file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.users() }),
  })
}

/** Saves a base64 file in the browser (a Blob and a click on a temporary link). */
export function saveBase64File(fileName: string, base64: string): void {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index)
  const blob = new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
