/** Chinese strings of a plan's export (Word, PDF, print). */
export const planExportZhCN = {
  menu: '导出',
  word: 'Word（.docx）',
  pdf: 'PDF',
  print: '打印',
  preparing: '正在生成文件…',
  failed: '导出失败：{{message}}',
  pdfUnavailableTitle: '无法生成 PDF',
  pdfUnavailableHint: '可以改用浏览器打印：在打印对话框中选择“另存为 PDF”。',
  printInstead: '用浏览器打印',
  cancel: '取消',
}

/** English strings of a plan's export (Word, PDF, print). */
export const planExportEn: typeof planExportZhCN = {
  menu: 'Export',
  word: 'Word (.docx)',
  pdf: 'PDF',
  print: 'Print',
  preparing: 'Preparing the file…',
  failed: 'Export failed: {{message}}',
  pdfUnavailableTitle: 'No PDF available',
  pdfUnavailableHint: 'Use the browser’s print instead: choose “Save as PDF” in the print dialog.',
  printInstead: 'Print with the browser',
  cancel: 'Cancel',
}
