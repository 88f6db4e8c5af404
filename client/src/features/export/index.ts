// Export: a plan to Word (.docx), PDF and the browser's print (with the print stylesheet).
import './print.css'

export { ExportMenu } from './ExportMenu.tsx'
