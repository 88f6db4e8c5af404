import { Button, Card, Input, List, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  type MeetingStateView,
  VOTE_CHOICES,
  type VoteChoice,
} from '../../../../shared/meetings/meetingState.ts'
import type { MeetingActions } from './api.ts'

/** Quick votes: the lead opens and closes; members vote; everyone sees the live counts. */
export function VotesPanel({
  state,
  isLead,
  canVote,
  run,
  actions,
}: {
  state: MeetingStateView
  isLead: boolean
  canVote: boolean
  run: (action: () => Promise<unknown>) => void
  actions: MeetingActions
}) {
  const { t } = useTranslation()
  const [proposal, setProposal] = useState('')
  const vote = state.openVote
  const running = state.status === 'running'
  const choiceLabel = (choice: VoteChoice): string => t(`session.votes.choices.${choice}`)
  const open = (): void => {
    const text = proposal.trim()
    if (!text) return
    setProposal('')
    run(() => actions.openVote(text))
  }
  return (
    <Card size="small" title={t('session.votes.title')} data-testid="votes">
      {vote ? (
        <div className="session-vote" data-testid="open-vote" data-vote-id={vote.id}>
          <Typography.Paragraph strong>{vote.proposal}</Typography.Paragraph>
          <Space wrap>
            {VOTE_CHOICES.map((choice) => (
              <Button
                key={choice}
                type={vote.myChoice === choice ? 'primary' : 'default'}
                aria-pressed={vote.myChoice === choice}
                disabled={!canVote || !running}
                onClick={() => run(() => actions.ballot(vote.id, choice))}
                data-testid={`vote-${choice}`}
              >
                {choiceLabel(choice)}{' '}
                <span data-testid={`count-${choice}`}>{vote.counts[choice]}</span>
              </Button>
            ))}
          </Space>
          <div className="session-vote-meta">
            <Typography.Text type="secondary" data-testid="vote-total">
              {t('session.votes.voted', { count: vote.total })}
            </Typography.Text>
            {vote.myChoice && (
              <Typography.Text type="secondary">
                {' · '}
                {t('session.votes.myChoice', { choice: choiceLabel(vote.myChoice) })}
              </Typography.Text>
            )}
            {!canVote && (
              <Typography.Text type="secondary">
                {' '}
                · {t('session.votes.observerHint')}
              </Typography.Text>
            )}
          </div>
          {isLead && running && (
            <Button
              danger
              onClick={() => run(() => actions.closeVote(vote.id))}
              data-testid="close-vote"
            >
              {t('session.votes.close')}
            </Button>
          )}
        </div>
      ) : (
        <>
          <Typography.Text type="secondary">{t('session.votes.none')}</Typography.Text>
          {isLead && running && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input
                aria-label={t('session.votes.proposal')}
                placeholder={t('session.votes.proposalPlaceholder')}
                value={proposal}
                maxLength={200}
                onChange={(event) => setProposal(event.target.value)}
                onPressEnter={open}
                data-testid="vote-proposal"
              />
              <Button
                type="primary"
                disabled={!proposal.trim()}
                onClick={open}
                data-testid="open-vote-button"
              >
                {t('session.votes.open')}
              </Button>
            </Space.Compact>
          )}
        </>
      )}
      {state.closedVotes.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('session.votes.past')}</Typography.Text>}
          dataSource={[...state.closedVotes].reverse()}
          data-testid="vote-results"
          renderItem={(result) => (
            <List.Item key={result.id} data-testid="vote-result">
              <div>
                <div>
                  {result.proposal}{' '}
                  <Tag color={result.passed ? 'green' : 'red'}>
                    {t(result.passed ? 'session.votes.passed' : 'session.votes.rejected')}
                  </Tag>
                </div>
                <Typography.Text type="secondary">
                  {t('session.votes.result', {
                    agree: result.agree,
                    disagree: result.disagree,
                    abstain: result.abstain,
                  })}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
