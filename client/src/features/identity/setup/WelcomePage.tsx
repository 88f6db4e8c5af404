import { Alert, Button, Card, Form, Result, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate } from 'react-router'
import { ApiError } from '../../../api/ApiError.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { NewPasswordFields } from '../NewPasswordFields.tsx'
import { useLinkInfo, useRedeemLinkMutation } from './api.ts'
import { linkSecretFromHash } from './linkSecret.ts'

interface WelcomeValues {
  password: string
  confirm: string
}

/** A one-time sign-in link opens this page: the person chooses a password and is signed in. */
export function WelcomePage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const token = linkSecretFromHash(useLocation().hash)
  const info = useLinkInfo(token)
  const redeem = useRedeemLinkMutation()
  const [invalid, setInvalid] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (values: WelcomeValues): Promise<void> => {
    setError(null)
    try {
      await redeem.mutateAsync({ token, password: values.password })
      navigate('/', { replace: true })
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'link_invalid') setInvalid(true)
      else setError(apiErrorMessage(t, failure))
    }
  }

  const linkRefused = info.error instanceof ApiError && info.error.code === 'link_invalid'
  if (token === '' || invalid || linkRefused) {
    return (
      <main className="sign-in">
        <Result
          status="warning"
          title={t('setup.linkInvalidTitle')}
          subTitle={t('setup.linkInvalidBody')}
          data-testid="welcome-link-invalid"
        />
      </main>
    )
  }
  if (info.isPending) {
    return (
      <main className="sign-in">
        <Spin tip={t('setup.checkingLink')}>
          <div className="sign-in-card" />
        </Spin>
      </main>
    )
  }
  if (!info.data) {
    return (
      <main className="sign-in">
        <Result status="error" title={apiErrorMessage(t, info.error)} />
      </main>
    )
  }
  return (
    <main className="sign-in">
      <Card className="sign-in-card">
        <Typography.Title level={2} data-testid="welcome-greeting">
          {t('setup.welcomeGreeting', { name: info.data.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('setup.welcomeIntro', { username: info.data.username })}
        </Typography.Paragraph>
        {error && <Alert type="error" message={error} showIcon className="sign-in-error" />}
        <Form<WelcomeValues> layout="vertical" onFinish={(values) => void submit(values)}>
          <NewPasswordFields
            name="password"
            label={t('setup.newPassword')}
            confirmLabel={t('setup.confirmPassword')}
            testIds={{ password: 'welcome-password', confirm: 'welcome-confirm' }}
            autoFocus
          />
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={redeem.isPending}
            data-testid="welcome-submit"
          >
            {t('setup.setPassword')}
          </Button>
        </Form>
      </Card>
    </main>
  )
}
