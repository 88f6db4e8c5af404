import { z } from 'zod'
import { MAX_DOCUMENT_ID_LENGTH } from '../../../shared/limits.ts'

/** POST /api/uploads query: the document the image belongs to. */
export const uploadQuery = z.object({ documentId: z.string().min(1).max(MAX_DOCUMENT_ID_LENGTH) })

/** Query of POST /api/uploads. */
export type UploadQuery = z.infer<typeof uploadQuery>
