import { Avatar, Button, Dropdown, Layout, Segmented, Space, Typography } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Outlet, useNavigate } from 'react-router'
import type { Language } from '../../../shared/domain.ts'
import { DashboardNavLink } from '../features/dashboard/index.ts'
import {
  useAlliance,
  useLanguageMutation,
  useMe,
  useSignOutMutation,
} from '../features/identity/index.ts'
import { ReviewNavLink } from '../features/library/index.ts'
import { NotificationBell } from '../features/notifications/index.ts'
import { setLanguage } from '../i18n/index.ts'

/** The frame of every signed-in page: product name, language switch and the user menu. */
export function AppLayout() {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const alliance = useAlliance(Boolean(me.data))
  const navigate = useNavigate()
  const rememberLanguage = useLanguageMutation()
  const signOutMutation = useSignOutMutation()
  const preferred = me.data?.language

  // The language is remembered per user: the account's choice wins when the app opens.
  useEffect(() => {
    if (preferred && preferred !== i18n.language) void setLanguage(preferred)
  }, [preferred, i18n])

  const changeLanguage = async (language: Language): Promise<void> => {
    await setLanguage(language)
    // Remembered per user on the server as well as on this device.
    await rememberLanguage.mutateAsync(language)
  }

  const signOut = async (): Promise<void> => {
    await signOutMutation.mutateAsync()
    navigate('/sign-in')
  }

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Space size={[24, 4]} wrap className="app-nav">
          <Link to="/" className="brand">
            {t('app.name')}
            <span className="brand-tagline" data-testid="alliance-name">
              {alliance.data?.name ?? t('app.tagline')}
            </span>
          </Link>
          <Link to="/" data-testid="nav-home">
            {t('nav.home')}
          </Link>
          <Link to="/tasks" data-testid="nav-tasks">
            {t('prep.nav')}
          </Link>
          <Link to="/observations" data-testid="nav-observations">
            {t('observations.nav')}
          </Link>
          <Link to="/library" data-testid="nav-library">
            {t('library.nav')}
          </Link>
          <ReviewNavLink />
          <DashboardNavLink signedIn={Boolean(me.data)} />
          {me.data?.role === 'school_admin' || me.data?.role === 'alliance_admin' ? (
            <Link to="/admin" data-testid="nav-admin">
              {t('admin.nav')}
            </Link>
          ) : null}
        </Space>
        <Space size="middle" className="app-tools">
          <NotificationBell />
          <Segmented
            size="small"
            aria-label={t('nav.language')}
            value={i18n.language === 'en' ? 'en' : 'zh-CN'}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'English', value: 'en' },
            ]}
            onChange={(value) => void changeLanguage(value as Language)}
          />
          <Dropdown
            menu={{
              items: [
                { key: 'account', label: t('account.nav') },
                { key: 'sign-out', label: t('nav.signOut') },
              ],
              onClick: ({ key }) => {
                if (key === 'account') navigate('/account')
                else void signOut()
              },
            }}
          >
            <Button type="text" data-testid="user-menu">
              <Avatar size="small">{me.data?.displayName.slice(0, 1)}</Avatar>
              <Typography.Text className="app-user-name">
                {me.data?.displayName} · {me.data?.schoolName}
              </Typography.Text>
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout.Content className="app-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  )
}
