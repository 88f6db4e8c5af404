import { useState } from 'react'
import { ExportMenu } from './ExportMenu.tsx'
import { ImportPlanDialog } from './ImportPlanDialog.tsx'

/**
 * The plan page's 导出 menu: Word, PDF, print; 「与共案的差异」 on a 个案; 导出签发版 on a signed
 * 共案; and, for editors, 从 Word 导入… into this plan.
 */
export function PlanExportMenu({
  documentId,
  personal,
  signedVersionId,
  canImport,
}: {
  documentId: string
  personal: boolean
  signedVersionId: number | null
  canImport: boolean
}) {
  const [importing, setImporting] = useState(false)
  return (
    <>
      <ExportMenu
        basePath={`/api/documents/${encodeURIComponent(documentId)}`}
        personal={personal}
        signedVersionId={personal ? null : signedVersionId}
        {...(canImport ? { onImport: () => setImporting(true) } : {})}
      />
      {canImport && (
        <ImportPlanDialog
          open={importing}
          onClose={() => setImporting(false)}
          intoDocumentId={documentId}
        />
      )}
    </>
  )
}
