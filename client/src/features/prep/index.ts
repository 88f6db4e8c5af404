// Collective preparation: tasks (the term schedule), the plan life cycle, 个案, reflections.
export { prepKeys, useLifecycle } from './api.ts'
export { ComparisonPanel } from './ComparisonPanel.tsx'
export { PlanLifecyclePanel } from './PlanLifecyclePanel.tsx'
export { TasksPage } from './TasksPage.tsx'
