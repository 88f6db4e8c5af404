import { DownOutlined, ExportOutlined } from '@ant-design/icons'
import { App, Button, Dropdown, type MenuProps } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { downloadExport, type ExportFormat, type ExportTarget } from './download.ts'

/**
 * The 导出 dropdown: Word (.docx) and PDF (LibreOffice on the server) of a plan or of a
 * meeting's record (导出记录); a plan also offers the browser's print (its print stylesheet).
 */
export function ExportMenu({ target }: { target: ExportTarget }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const [busy, setBusy] = useState(false)
  const printable = target.kind === 'plan'

  const exportAs = async (format: ExportFormat) => {
    setBusy(true)
    const hide = message.loading(t('planExport.preparing'), 0)
    try {
      await downloadExport(target, format)
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
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'print') window.print()
    else void exportAs(key === 'pdf' ? 'pdf' : 'docx')
  }

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} disabled={busy}>
      <Button
        icon={<ExportOutlined />}
        loading={busy}
        data-testid={printable ? 'export-menu' : 'export-minutes-menu'}
      >
        {t(printable ? 'planExport.menu' : 'planExport.minutesMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  )
}
