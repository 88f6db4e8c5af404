import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate } from 'react-router'
import { ApiError } from '../../../api/ApiError.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { NewPasswordFields } from '../NewPasswordFields.tsx'
import { type SetupValues, useSetupMutation } from './api.ts'
import { linkSecretFromHash } from './linkSecret.ts'

const USERNAME = /^[a-z0-9][a-z0-9._-]*$/

/** First run: the one-time set-up link opens this page to create the alliance and its admin. */
export function SetupPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const token = linkSecretFromHash(useLocation().hash)
  const setup = useSetupMutation()
  const [refused, setRefused] = useState<'link_invalid' | 'already_set_up' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const submit = async (values: SetupValues & { confirm: string }): Promise<void> => {
    setError(null)
    const { confirm: _confirm, ...fields } = values
    try {
      await setup.mutateAsync({ ...fields, token })
      navigate('/admin', { replace: true })
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'link_invalid') setRefused('link_invalid')
      else if (failure instanceof ApiError && failure.code === 'already_set_up')
        setRefused('already_set_up')
      else setError(apiErrorMessage(t, failure))
    }
  }

  if (refused === 'already_set_up') {
    return (
      <main className="sign-in">
        <Result
          status="info"
          title={t('setup.alreadySetUpTitle')}
          subTitle={t('setup.alreadySetUpBody')}
          extra={
            <Link to="/sign-in">
              <Button type="primary">{t('setup.goSignIn')}</Button>
            </Link>
          }
        />
      </main>
    )
  }
  if (token === '' || refused === 'link_invalid') {
    return (
      <main className="sign-in">
        <Result
          status="warning"
          title={t('setup.noLinkTitle')}
          subTitle={t('setup.noLinkBody')}
          data-testid="setup-link-invalid"
        />
      </main>
    )
  }

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('setup.required', { field }),
  })
  const tooLong = (field: string) => ({
    max: 100,
    message: t('setup.tooLong', { field, max: 100 }),
  })
  return (
    <main className="sign-in">
      <Card className="sign-in-card setup-card">
        <Typography.Title level={2}>{t('setup.setupTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.setupIntro')}</Typography.Paragraph>
        {error && <Alert type="error" message={error} showIcon className="sign-in-error" />}
        <Form<SetupValues & { confirm: string }>
          layout="vertical"
          onFinish={(values) => void submit(values)}
          data-testid="setup-form"
        >
          <Form.Item
            name="allianceName"
            label={t('setup.allianceName')}
            rules={[required(t('setup.allianceName')), tooLong(t('setup.allianceName'))]}
          >
            <Input
              autoFocus
              placeholder={t('setup.allianceNamePlaceholder')}
              data-testid="setup-alliance"
            />
          </Form.Item>
          <Form.Item
            name="schoolName"
            label={t('setup.schoolName')}
            rules={[required(t('setup.schoolName')), tooLong(t('setup.schoolName'))]}
          >
            <Input placeholder={t('setup.schoolNamePlaceholder')} data-testid="setup-school" />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('setup.username')}
            extra={t('setup.usernameHelp')}
            rules={[
              required(t('setup.username')),
              { min: 3, max: 64, message: t('setup.usernameInvalid') },
              { pattern: USERNAME, message: t('setup.usernameInvalid') },
            ]}
          >
            <Input autoComplete="username" data-testid="setup-username" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('setup.displayName')}
            rules={[required(t('setup.displayName')), tooLong(t('setup.displayName'))]}
          >
            <Input autoComplete="name" data-testid="setup-display-name" />
          </Form.Item>
          <NewPasswordFields
            name="password"
            label={t('setup.password')}
            confirmLabel={t('setup.confirmPassword')}
            testIds={{ password: 'setup-password', confirm: 'setup-confirm' }}
          />
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={setup.isPending}
            data-testid="setup-submit"
          >
            {t('setup.createAlliance')}
          </Button>
        </Form>
      </Card>
    </main>
  )
}
