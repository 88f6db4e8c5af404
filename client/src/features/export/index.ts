// Export: plans to Word (.docx), PDF and the browser's print (with the print stylesheet), and
// Word plans brought in.
import './print.css'

export { BinderButton } from './BinderButton.tsx'
export { ExportMenu } from './ExportMenu.tsx'
export { ImportPlanDialog } from './ImportPlanDialog.tsx'
export { PlanExportMenu } from './PlanExportMenu.tsx'
