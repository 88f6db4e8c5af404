// Comments: a plan's comment threads beside the editor, their highlights and the sidebar.
export { type PlanComments, PlanCommentsLayout, usePlanComments } from './PlanComments.tsx'
