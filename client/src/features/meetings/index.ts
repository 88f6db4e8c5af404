import { lazy } from 'react'

// Meetings: the live 集体研讨 room and the meeting bar on a plan.
export { meetingKeys, startMeeting } from './api.ts'
export { PlanMeetingBar } from './PlanMeetingBar.tsx'

/** `/sessions/<meetingId>`, loaded when a meeting room is first opened. */
export const MeetingRoomPage = lazy(async () => ({
  default: (await import('./MeetingRoomPage.tsx')).MeetingRoomPage,
}))
