import { Avatar, Badge, Space, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Participant } from './usePresence.ts'

/** Who is in this plan, grouped by school, with idle people dimmed. */
export function PresenceBar({ participants }: { participants: Participant[] }) {
  const { t } = useTranslation()
  const schools = new Map<string, Participant[]>()
  for (const participant of participants) {
    const list = schools.get(participant.schoolName) ?? []
    list.push(participant)
    schools.set(participant.schoolName, list)
  }
  return (
    <fieldset className="presence-bar" data-testid="presence-bar" aria-label={t('plan.presence')}>
      <Typography.Text type="secondary">{t('plan.presence')}</Typography.Text>
      {[...schools].map(([school, people]) => (
        <Space key={school} size={4} className="presence-school" data-school={school}>
          <Typography.Text strong style={{ color: people[0]?.color }}>
            {school}
          </Typography.Text>
          {people.map((person) => (
            <Tooltip
              key={person.userId}
              title={`${person.name}${person.idle ? ` (${t('plan.idle')})` : ''}`}
            >
              <Badge dot status={person.idle ? 'default' : 'success'} offset={[-2, 22]}>
                <Avatar
                  size="small"
                  style={{ backgroundColor: person.color, opacity: person.idle ? 0.5 : 1 }}
                  data-testid="presence-person"
                  data-name={person.name}
                >
                  {person.name.slice(0, 1)}
                </Avatar>
              </Badge>
            </Tooltip>
          ))}
        </Space>
      ))}
    </fieldset>
  )
}
