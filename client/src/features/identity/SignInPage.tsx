import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { ApiError } from '../../api/ApiError.ts'
import { useSignInMutation } from './api.ts'

interface SignInValues {
  username: string
  password: string
}

/** Where to go after signing in: only local paths, never another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/'
}

/** The sign-in page. */
export function SignInPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const signIn = useSignInMutation()
  const [error, setError] = useState<string | null>(null)

  const submit = async (values: SignInValues): Promise<void> => {
    setError(null)
    try {
      await signIn.mutateAsync(values)
      navigate(safeNext(params.get('next')), { replace: true })
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 429) setError(t('signIn.throttled'))
      else if (failure instanceof ApiError && failure.status === 0)
        setError(t('errors.unreachable'))
      else setError(t('signIn.failed'))
    }
  }

  return (
    <main className="sign-in">
      <Card className="sign-in-card">
        <Typography.Title level={2}>{t('signIn.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {error && <Alert type="error" message={error} showIcon className="sign-in-error" />}
        <Form<SignInValues> layout="vertical" onFinish={(values) => void submit(values)}>
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus data-testid="username" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={signIn.isPending}
            data-testid="sign-in"
          >
            {t('signIn.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="sign-in-hint">
          {t('signIn.demoHint')}
        </Typography.Paragraph>
      </Card>
    </main>
  )
}
