import type { JSONContent } from '@tiptap/core'
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Input,
  List,
  Result,
  Select,
  Space,
  Spin,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { ReadOnlyPlan } from '../documents/index.ts'
import { useUsers } from '../identity/index.ts'
import {
  useDecideSubmissionMutation,
  useLibrarySettings,
  useSaveLibrarySettingsMutation,
  useSubmission,
  useSubmissions,
} from './api.ts'

type SubmissionStatus = 'pending' | 'approved' | 'returned' | 'cancelled'
const STATE_COLOURS: Record<SubmissionStatus, string> = {
  pending: 'processing',
  approved: 'success',
  returned: 'warning',
  cancelled: 'default',
}

/** The alliance admin's switch for review before publication, and the designated reviewers. */
function ReviewSettingsCard({ requireReview }: { requireReview: boolean }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const settings = useLibrarySettings()
  const saveSettings = useSaveLibrarySettingsMutation()
  const users = useUsers()
  const [required, setRequired] = useState(requireReview)
  const [reviewers, setReviewers] = useState<string[]>([])
  useEffect(() => {
    if (settings.data) {
      setRequired(settings.data.requireReview)
      setReviewers(settings.data.reviewerIds)
    }
  }, [settings.data])
  const save = async (): Promise<void> => {
    try {
      await saveSettings.mutateAsync({ requireReview: required, reviewerIds: reviewers })
      message.success(t('libraryReview.settingsSaved'))
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }
  return (
    <Card title={t('libraryReview.settings')} size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <Switch checked={required} onChange={setRequired} data-testid="require-review" />
          <span>{t('libraryReview.requireReview')}</span>
        </Space>
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          placeholder={t('libraryReview.reviewers')}
          value={reviewers}
          onChange={setReviewers}
          optionFilterProp="label"
          options={(users.data ?? []).map((user) => ({
            value: user.id,
            label: `${user.displayName}（${user.schoolName}）`,
          }))}
        />
        <Button type="primary" onClick={() => void save()} data-testid="save-review-settings">
          {t('libraryReview.save')}
        </Button>
      </Space>
    </Card>
  )
}

/** One submission in a drawer: the plan as submitted, approve or return with a comment. */
function SubmissionDrawer({
  submissionId,
  onClose,
}: {
  submissionId: string | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const submission = useSubmission(submissionId)
  const decideMutation = useDecideSubmissionMutation()
  const [comment, setComment] = useState('')
  const busy = decideMutation.isPending
  const decide = async (decision: 'approve' | 'return'): Promise<void> => {
    if (!submissionId) return
    try {
      await decideMutation.mutateAsync({ submissionId, decision, comment })
      message.success(
        t(decision === 'approve' ? 'libraryReview.approved' : 'libraryReview.returned'),
      )
      setComment('')
      onClose()
    } catch (error) {
      message.error(apiErrorMessage(t, error))
    }
  }
  const data = submission.data
  const pending = data?.submission.status === 'pending'
  return (
    <Drawer
      open={submissionId !== null}
      onClose={onClose}
      width={900}
      title={data?.submission.title}
    >
      {submission.isPending ? (
        <Spin />
      ) : data ? (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Typography.Text type="secondary">
            {data.submission.submitterName} · {data.submission.schoolName}
          </Typography.Text>
          {pending && (
            <Card size="small">
              <Input.TextArea
                rows={3}
                value={comment}
                maxLength={2000}
                onChange={(event) => setComment(event.target.value)}
                placeholder={t('libraryReview.commentPlaceholder')}
                data-testid="review-comment"
              />
              <Space style={{ marginTop: 8 }}>
                <Button
                  type="primary"
                  loading={busy}
                  onClick={() => void decide('approve')}
                  data-testid="approve"
                >
                  {t('libraryReview.approve')}
                </Button>
                <Button
                  danger
                  loading={busy}
                  disabled={!comment.trim()}
                  onClick={() => void decide('return')}
                  data-testid="return"
                >
                  {t('libraryReview.return')}
                </Button>
              </Space>
            </Card>
          )}
          <ReadOnlyPlan json={data.json as JSONContent} testId="submission-plan" />
        </Space>
      ) : null}
    </Drawer>
  )
}

/** `/library/review`: the review queue of the shared library (reviewers) and its settings (admin). */
export function LibraryReviewPage() {
  const { t, i18n } = useTranslation()
  const settings = useLibrarySettings()
  const [tab, setTab] = useState<'pending' | 'all'>('pending')
  const submissions = useSubmissions(tab === 'pending' ? { status: 'pending' } : {})
  const [open, setOpen] = useState<string | null>(null)
  if (settings.isPending) return <Spin fullscreen />
  if (!settings.data?.canReview) {
    return <Result status="403" title={t('libraryReview.notReviewer')} />
  }
  const dateFormat = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
  })
  return (
    <div className="library">
      <Typography.Title level={3}>{t('libraryReview.title')}</Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }} size="large">
        {settings.data.canConfigure && (
          <ReviewSettingsCard requireReview={settings.data.requireReview} />
        )}
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(key) => setTab(key === 'all' ? 'all' : 'pending')}
            items={[
              { key: 'pending', label: t('libraryReview.pending') },
              { key: 'all', label: t('libraryReview.all') },
            ]}
          />
          <List
            loading={submissions.isPending}
            dataSource={submissions.data ?? []}
            locale={{ emptyText: <Empty description={t('libraryReview.empty')} /> }}
            renderItem={(item) => (
              <List.Item
                data-testid="submission"
                actions={[
                  <Button key="open" onClick={() => setOpen(item.id)} data-testid="open-submission">
                    {t('libraryReview.open')}
                  </Button>,
                  item.entryId ? (
                    <Link key="entry" to={`/library/${item.entryId}`}>
                      {t('library.version', { version: item.version })}
                    </Link>
                  ) : null,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      {item.title}
                      <Tag color={STATE_COLOURS[item.status]}>
                        {t(`libraryReview.state.${item.status}`)}
                      </Tag>
                    </Space>
                  }
                  description={`${item.submitterName} · ${item.schoolName} · ${dateFormat.format(item.createdAt)}${
                    item.reviewComment ? ` · ${item.reviewComment}` : ''
                  }`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Space>
      <SubmissionDrawer submissionId={open} onClose={() => setOpen(null)} />
    </div>
  )
}
