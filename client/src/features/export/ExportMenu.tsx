import {
  BorderOutlined,
  CheckSquareOutlined,
  DownOutlined,
  ExportOutlined,
} from '@ant-design/icons'
import { App, Button, Dropdown, type MenuProps } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { downloadExport, type ExportFormat } from './download.ts'

/** What the 导出 menu offers besides Word, PDF and print. */
export interface ExportMenuProps {
  /** The API path the exports hang off, e.g. `/api/documents/:id` or `/api/library/:id`. */
  basePath: string
  /** A 个案: offer 「与共案的差异」 (on by default). */
  personal?: boolean
  /** A signed 共案: offer 导出签发版 (this saved version). */
  signedVersionId?: number | null
  /** For editors: 从 Word 导入… (the caller opens the dialog). */
  onImport?: () => void
  /**
   * A meeting's record (导出记录): the files are `${basePath}/minutes.docx|pdf` and there is no
   * print (the record has no print stylesheet).
   */
  record?: boolean
  /**
   * Another non-plan file, like `record`: the files are `${basePath}/${fileStem}.docx|pdf`
   * (e.g. `report` for a 评课报告), without print; `menuLabel` names the button.
   */
  fileStem?: string
  /** The button's text for a `fileStem` file (already translated). */
  menuLabel?: string
}

/** The 导出 dropdown: Word (.docx), PDF (LibreOffice on the server), print, and the extras. */
export function ExportMenu({
  basePath,
  personal,
  signedVersionId,
  onImport,
  record,
  fileStem,
  menuLabel,
}: ExportMenuProps) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const [busy, setBusy] = useState(false)
  const [appendix, setAppendix] = useState(true)
  const stem = fileStem ?? (record ? 'minutes' : 'export')
  const printable = stem === 'export'

  const exportAs = async (format: ExportFormat, signed: boolean) => {
    setBusy(true)
    const hide = message.loading(t('planExport.preparing'), 0)
    const path = signed ? `${basePath}/versions/${signedVersionId}` : basePath
    const query = personal && !appendix ? '?appendix=0' : ''
    try {
      await downloadExport(`${path}/${stem}.${format}${query}`, format)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'pdf_unavailable' && printable) {
        modal.confirm({
          title: t('planExport.pdfUnavailableTitle'),
          content: `${apiErrorMessage(t, error)} ${t('planExport.pdfUnavailableHint')}`,
          okText: t('planExport.printInstead'),
          cancelText: t('planExport.cancel'),
          onOk: () => window.print(),
        })
      } else if (error instanceof ApiError && error.code === 'pdf_unavailable') {
        modal.info({
          title: t('planExport.pdfUnavailableTitle'),
          content: `${apiErrorMessage(t, error)} ${t('planExport.useWordInstead')}`,
        })
      } else {
        message.error(t('planExport.failed', { message: apiErrorMessage(t, error) }))
      }
    } finally {
      hide()
      setBusy(false)
    }
  }

  const items: MenuProps['items'] = [
    { key: 'docx', label: <span data-testid="export-docx">{t('planExport.word')}</span> },
    { key: 'pdf', label: <span data-testid="export-pdf">{t('planExport.pdf')}</span> },
    ...(printable
      ? [{ key: 'print', label: <span data-testid="export-print">{t('planExport.print')}</span> }]
      : []),
  ]
  if (personal) {
    items.push({
      key: 'appendix',
      icon: appendix ? <CheckSquareOutlined /> : <BorderOutlined />,
      label: (
        <span data-testid="export-appendix" data-checked={appendix}>
          {t('planExport.appendix')}
        </span>
      ),
    })
  }
  if (signedVersionId) {
    items.push(
      { type: 'divider' },
      {
        type: 'group',
        label: t('planExport.signed'),
        children: [
          {
            key: 'signed-docx',
            label: <span data-testid="export-signed-docx">{t('planExport.signedWord')}</span>,
          },
          {
            key: 'signed-pdf',
            label: <span data-testid="export-signed-pdf">{t('planExport.signedPdf')}</span>,
          },
        ],
      },
    )
  }
  if (onImport) {
    items.push(
      { type: 'divider' },
      {
        key: 'import',
        label: <span data-testid="import-into-plan">{t('planExport.importWord')}</span>,
      },
    )
  }
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'appendix') setAppendix((value) => !value)
    else if (key === 'print') window.print()
    else if (key === 'import') onImport?.()
    else void exportAs(key.endsWith('pdf') ? 'pdf' : 'docx', key.startsWith('signed-'))
  }

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} disabled={busy}>
      <Button
        icon={<ExportOutlined />}
        loading={busy}
        data-testid={printable ? 'export-menu' : `export-${stem}-menu`}
      >
        {menuLabel ?? t(printable ? 'planExport.menu' : 'planExport.minutesMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  )
}
