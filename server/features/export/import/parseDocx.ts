import mammoth from 'mammoth'
import { DomainError } from '../../../domainError.ts'
import { type DocxImage, docxBody } from './docxBlocks.ts'
import { checkDocxBytes } from './docxGuard.ts'
import { type ImportedPlan, planFromBlocks } from './planFromBlocks.ts'

/** A parsed Word plan and the images it holds (index = ImportItem image index). */
export interface ParsedDocx {
  plan: ImportedPlan
  images: DocxImage[]
}

/**
 * Reads a .docx file into the parts of a plan. Checks the bytes first (size, encryption, zip
 * bomb: see checkDocxBytes); a file mammoth cannot read is a 422 `docx_not_word`.
 */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocx> {
  checkDocxBytes(bytes)
  let document: unknown
  try {
    await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        transformDocument: (element: unknown) => {
          document = element
          return element
        },
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    )
  } catch {
    throw new DomainError('docx_not_word', 'The file is not a readable .docx Word file')
  }
  const body = docxBody(document)
  return { plan: planFromBlocks(body.blocks), images: body.images }
}
