import { EyeOutlined } from '@ant-design/icons'
import { Avatar, Badge, Space, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { Participant } from './usePresence.ts'

function modeKey(person: Participant): 'plan.personViewing' | 'plan.personEditing' {
  return person.viewing ? 'plan.personViewing' : 'plan.personEditing'
}

/** Who is in this plan, grouped by school, editing or only viewing, with idle people dimmed. */
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
              title={`${t(modeKey(person), { name: person.name })}${
                person.idle ? ` (${t('plan.idle')})` : ''
              }`}
            >
              <Badge dot status={person.idle ? 'default' : 'success'} offset={[-2, 22]}>
                <Avatar
                  size="small"
                  className={person.viewing ? 'presence-viewing' : undefined}
                  style={{ backgroundColor: person.color, opacity: person.idle ? 0.5 : 1 }}
                  data-testid="presence-person"
                  data-name={person.name}
                  data-mode={person.viewing ? 'viewing' : 'editing'}
                  aria-label={t(modeKey(person), { name: person.name })}
                  icon={person.viewing ? <EyeOutlined /> : undefined}
                >
                  {person.viewing ? null : person.name.slice(0, 1)}
                </Avatar>
              </Badge>
            </Tooltip>
          ))}
        </Space>
      ))}
    </fieldset>
  )
}
