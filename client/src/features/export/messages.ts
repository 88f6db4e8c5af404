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
  appendix: '附「与共案的差异」',
  signed: '签发版',
  signedWord: '导出签发版（Word）',
  signedPdf: '导出签发版（PDF）',
  importWord: '从 Word 导入…',
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
  appendix: 'Append “Differences from the common plan”',
  signed: 'Signed version',
  signedWord: 'Export the signed version (Word)',
  signedPdf: 'Export the signed version (PDF)',
  importWord: 'Import from Word…',
}
