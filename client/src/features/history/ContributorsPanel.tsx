import { App, Button, Empty, Progress, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useSchoolColor } from '../documents/index.ts'
import { useContributors, useFillParticipantsMutation } from './api.ts'
import { SchoolDot } from './PersonTag.tsx'

/**
 * Who wrote the live plan: people and schools with bars of their share of its content; its
 * editors can fill the header's 参与教师 from them.
 */
export function ContributorsPanel({
  documentId,
  canEdit,
}: {
  documentId: string
  canEdit: boolean
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { colorOf } = useSchoolColor()
  const contributors = useContributors(documentId)
  const fill = useFillParticipantsMutation(documentId)
  const fillHeader = async (): Promise<void> => {
    try {
      const { participants } = await fill.mutateAsync()
      message.success(
        participants === ''
          ? t('history.contributors.filledNone')
          : t('history.contributors.filled', { names: participants }),
      )
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }
  const data = contributors.data
  if (contributors.isError) return null
  const known = data?.contributors.reduce((sum, item) => sum + item.characters, 0) ?? 0
  const unknownShare = data && data.totalCharacters > 0 ? 1 - known / data.totalCharacters : 0
  // Text written before authorship was recorded (e.g. the seeded plans) has no known author.
  const unknown = unknownShare > 0.005 && (
    <div className="history-share" data-testid="contributor-unknown">
      <Typography.Text type="secondary" className="history-share-name">
        {t('history.contributors.unknown')}
      </Typography.Text>
      <Progress percent={Math.round(unknownShare * 100)} strokeColor="#bfbfbf" size="small" />
    </div>
  )
  return (
    <div className="history-contributors" data-testid="contributors">
      <Typography.Title level={5} className="history-pane-title">
        {t('history.contributors.title')}
      </Typography.Title>
      {data && data.totalCharacters === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.contributors.empty')} />
      )}
      {data && data.totalCharacters > 0 && (
        <>
          <Typography.Text type="secondary">{t('history.contributors.schools')}</Typography.Text>
          {data.schools.map((school) => (
            <div key={school.schoolId} className="history-share" data-testid="contributor-school">
              <span className="history-share-name" lang="zh-CN">
                <SchoolDot schoolId={school.schoolId} />
                {school.schoolName}
              </span>
              <Progress
                percent={Math.round(school.share * 100)}
                strokeColor={colorOf(school.schoolId)}
                size="small"
              />
            </div>
          ))}
          {unknown}
          <Typography.Text type="secondary">{t('history.contributors.people')}</Typography.Text>
          {data.contributors.map((contributor) => (
            <div key={contributor.person.id} className="history-share" data-testid="contributor">
              <span
                className="history-share-name"
                title={t('history.contributors.characters', { count: contributor.characters })}
                lang="zh-CN"
              >
                <SchoolDot schoolId={contributor.person.schoolId} />
                {contributor.person.displayName}
              </span>
              <Progress
                percent={Math.round(contributor.share * 100)}
                strokeColor={colorOf(contributor.person.schoolId)}
                size="small"
              />
            </div>
          ))}
          {unknown}
          {canEdit && (
            <div className="history-fill">
              <Button
                size="small"
                loading={fill.isPending}
                onClick={() => void fillHeader()}
                data-testid="contributors-fill-header"
              >
                {t('history.contributors.fill')}
              </Button>
              <Typography.Text type="secondary" className="history-fill-help">
                {t('history.contributors.fillHelp')}
              </Typography.Text>
            </div>
          )}
        </>
      )}
    </div>
  )
}
