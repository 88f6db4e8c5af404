/** The live meetings (集体研讨) feature: what the rest of the server may use of it. */

export type { StartedMeeting, StartMeetingActor, StartMeetingInput } from './commands.ts'
export { startMeeting } from './commands.ts'
export type {
  MeetingHubOptions,
  MeetingListener,
  MeetingSubscription,
  MeetingViewer,
} from './MeetingHub.ts'
export { MeetingHub } from './MeetingHub.ts'
export { allianceDate } from './meetingRecord.ts'
export { meetingAccess } from './policy.ts'
export type { LoadedMeeting, RosterPerson } from './queries.ts'
export {
  groupNameOf,
  groupRoster,
  loadMeetingAndPlan,
  mainPreparerName,
  meetingAttendees,
  meetingsOfPlan,
} from './queries.ts'
export { meetingRoutes } from './routes.ts'
export type {
  AgendaBody,
  BallotBody,
  FloorBody,
  HandBody,
  OpenVoteBody,
  StartMeetingBody,
  TimerBody,
} from './schema.ts'
export { storedMeetingState } from './schema.ts'
