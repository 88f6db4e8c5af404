// 听评课 (lesson observation): the lists, the observer's phone sheet, the report. Not lazy: the
// sheet must open on a phone that has lost the network after the app loaded, and none of these
// pages pulls in the editor.
export { observationKeys, observationRequest } from './api.ts'
export { formatDateTime } from './format.ts'
export { ObservationEntry } from './ObservationEntry.tsx'
export { ObservationsPage } from './ObservationsPage.tsx'
export { ObserverSheetPage } from './ObserverSheetPage.tsx'
export { ReportPage } from './ReportPage.tsx'
