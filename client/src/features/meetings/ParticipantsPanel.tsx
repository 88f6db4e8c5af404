import { AudioOutlined } from '@ant-design/icons'
import { Badge, Card, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { MeetingParticipant } from '../../../../shared/meetings/meetingApi.ts'
import type { MeetingStateView } from '../../../../shared/meetings/meetingState.ts'
import { useSchoolColor } from '../documents/index.ts'

/** People grouped by school, schools in order of first appearance. */
function bySchool(participants: readonly MeetingParticipant[]) {
  const schools = new Map<string, { name: string; people: MeetingParticipant[] }>()
  for (const person of participants) {
    const school = schools.get(person.schoolId) ?? { name: person.schoolName, people: [] }
    school.people.push(person)
    schools.set(person.schoolId, school)
  }
  return [...schools].map(([schoolId, school]) => ({ schoolId, ...school }))
}

/** The left column: participants grouped by school, who is online, who speaks, raised hands. */
export function ParticipantsPanel({
  participants,
  state,
}: {
  participants: readonly MeetingParticipant[]
  state: MeetingStateView
}) {
  const { colorOf } = useSchoolColor()
  const { t } = useTranslation()
  const online = participants.filter((person) => person.online).length
  const handPosition = new Map(state.queue.map((hand, index) => [hand.userId, index + 1]))
  return (
    <Card
      size="small"
      title={t('session.participants.title')}
      extra={
        <Typography.Text type="secondary" data-testid="online-count">
          {t('session.participants.count', { online, total: participants.length })}
        </Typography.Text>
      }
      data-testid="participants"
    >
      {bySchool(participants).map((school) => (
        <section key={school.schoolId} className="session-school" aria-label={school.name}>
          <Typography.Text strong style={{ color: colorOf(school.schoolId) }}>
            {school.name}
          </Typography.Text>
          <ul className="session-people">
            {school.people.map((person) => {
              const position = handPosition.get(person.userId)
              const speaking = state.floor === person.userId
              return (
                <li
                  key={person.userId}
                  data-testid="participant"
                  data-user-id={person.userId}
                  data-online={person.online}
                  data-speaking={speaking}
                  data-hand={position ?? 0}
                >
                  <Badge
                    status={person.online ? 'success' : 'default'}
                    aria-label={t(
                      person.online
                        ? 'session.participants.online'
                        : 'session.participants.offline',
                    )}
                  />
                  <span className={person.online ? '' : 'session-offline'}>
                    {person.displayName}
                  </span>
                  <Tag bordered={false}>
                    {t(`session.participants.roles.${person.groupRole ?? 'guest'}`)}
                  </Tag>
                  {speaking && (
                    <Tag color="green" icon={<AudioOutlined />}>
                      {t('session.participants.speaking')}
                    </Tag>
                  )}
                  {position !== undefined && (
                    <Tag color="gold">{t('session.participants.handRaised', { position })}</Tag>
                  )}
                </li>
              )
            })}
          </ul>
        </section>
      ))}
    </Card>
  )
}
