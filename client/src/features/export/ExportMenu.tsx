import { DownOutlined, ExportOutlined } from '@ant-design/icons'
import { App, Button, Dropdown, type MenuProps } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { downloadPlanExport, type ExportFormat } from './download.ts'

/** The plan page's 导出 dropdown: Word (.docx), PDF (LibreOffice on the server) and print. */
export function ExportMenu({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const [busy, setBusy] = useState(false)

  const exportAs = async (format: ExportFormat) => {
    setBusy(true)
    const hide = message.loading(t('planExport.preparing'), 0)
    try {
      await downloadPlanExport(documentId, format)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'pdf_unavailable') {
        modal.confirm({
          title: t('planExport.pdfUnavailableTitle'),
          content: `${apiErrorMessage(t, error)} ${t('planExport.pdfUnavailableHint')}`,
          okText: t('planExport.printInstead'),
          cancelText: t('planExport.cancel'),
          onOk: () => window.print(),
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
    { key: 'print', label: <span data-testid="export-print">{t('planExport.print')}</span> },
  ]
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'print') window.print()
    else void exportAs(key === 'pdf' ? 'pdf' : 'docx')
  }

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} disabled={busy}>
      <Button icon={<ExportOutlined />} loading={busy} data-testid="export-menu">
        {t('planExport.menu')} <DownOutlined />
      </Button>
    </Dropdown>
  )
}
