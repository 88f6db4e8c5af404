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
