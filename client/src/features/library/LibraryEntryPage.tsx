import type { JSONContent } from '@tiptap/core'
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  List,
  Rate,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { ApiError } from '../../api/ApiError.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { NotFoundPage, UnreachablePage } from '../../components/ErrorPages.tsx'
import { ReadOnlyPlan } from '../documents/index.ts'
import { ExportMenu } from '../export/index.ts'
import { useMe } from '../identity/index.ts'
import { useAdaptMutation, useLibraryEntry, useReviewEntryMutation } from './api.ts'

/** `/library/<id>`: a published plan with attribution, versions, reviews and "adapt". */
export function LibraryEntryPage() {
  const { t, i18n } = useTranslation()
  const { entryId = '' } = useParams()
  const entry = useLibraryEntry(entryId)
  const me = useMe()
  const navigate = useNavigate()
  const adaptMutation = useAdaptMutation()
  const reviewMutation = useReviewEntryMutation(entryId)
  const { message } = App.useApp()
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')

  if (entry.isPending) return <Spin fullscreen />
  if (entry.isError) {
    if (entry.error instanceof ApiError && entry.error.status === 404) return <NotFoundPage />
    return <UnreachablePage onRetry={() => void entry.refetch()} />
  }
  const data = entry.data
  const mine = data.reviews.find((review) => review.userId === me.data?.id)
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' })

  const adapt = async (): Promise<void> => {
    try {
      navigate(`/plans/${await adaptMutation.mutateAsync(entryId)}`)
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }
  // A review needs stars: none are assumed (the server refuses a review without them, too).
  const chosenStars = stars || mine?.stars || 0
  const review = async (): Promise<void> => {
    if (chosenStars === 0) return
    try {
      await reviewMutation.mutateAsync({
        stars: chosenStars,
        comment: comment || mine?.comment || '',
      })
      message.success(t('library.reviewSaved'))
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }

  return (
    <div className="plan-page">
      <div className="plan-topbar">
        <div>
          <Typography.Title level={4} className="plan-title" lang="zh-CN">
            {data.entry.title}
          </Typography.Title>
          <Space size="small" wrap>
            <Tag color="green">{t('library.version', { version: data.entry.latestVersion })}</Tag>
            <Rate disabled allowHalf value={data.entry.rating ?? 0} />
            <Typography.Text type="secondary" data-testid="library-stats">
              {t('library.entryStats', {
                views: data.entry.viewCount,
                adaptations: data.entry.adaptations,
                reviews: data.entry.reviewCount,
              })}
            </Typography.Text>
          </Space>
        </div>
        <Space wrap>
          <ExportMenu basePath={`/api/library/${encodeURIComponent(entryId)}`} />
          <Button
            type="primary"
            loading={adaptMutation.isPending}
            onClick={() => void adapt()}
            data-testid="adapt"
          >
            {t('library.adapt')}
          </Button>
        </Space>
      </div>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('library.authors')}>
            {data.entry.authors.map((author) => `${author.name}（${author.school}）`).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('library.licence')}>{data.entry.licence}</Descriptions.Item>
          <Descriptions.Item label={t('library.versions')}>
            {data.versions
              .map((version) => `v${version.version} · ${dateFormat.format(version.publishedAt)}`)
              .join('；')}
          </Descriptions.Item>
          <Descriptions.Item label={t('library.keywords')}>
            {data.entry.keywords.join('、')}
          </Descriptions.Item>
          {data.adaptedBy.length > 0 && (
            <Descriptions.Item label={t('provenance.adaptedBy')}>
              <span data-testid="adapted-by">
                {data.adaptedBy.map((row) => `${row.schoolName} × ${row.count}`).join('；')}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <div className="plan-sheet" lang="zh-CN">
        {data.json ? <ReadOnlyPlan json={data.json as JSONContent} /> : null}
      </div>
      <Card title={t('library.reviews')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            <Rate value={chosenStars} onChange={setStars} data-testid="review-stars" />
            {chosenStars === 0 && (
              <Typography.Text type="secondary" data-testid="review-stars-hint">
                {t('library.chooseStars')}
              </Typography.Text>
            )}
          </Space>
          <Input.TextArea
            rows={2}
            placeholder={t('library.reviewPlaceholder')}
            defaultValue={mine?.comment}
            onChange={(event) => setComment(event.target.value)}
          />
          <Button
            onClick={() => void review()}
            disabled={chosenStars === 0}
            data-testid="submit-review"
          >
            {mine ? t('library.updateReview') : t('library.submitReview')}
          </Button>
        </Space>
        <List
          dataSource={data.reviews}
          renderItem={(item) => (
            <List.Item key={item.userId}>
              <List.Item.Meta
                title={
                  <Space>
                    {item.reviewer}
                    <Tag>{item.school}</Tag>
                    <Rate disabled value={item.stars} />
                  </Space>
                }
                description={item.comment}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  )
}
