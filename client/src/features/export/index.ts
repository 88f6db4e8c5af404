// Export: plans to and from Word files.
export { ImportPlanDialog } from './ImportPlanDialog.tsx'
