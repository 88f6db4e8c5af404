import { Grid, Layout, Menu, Result, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { useMe } from '../identity/index.ts'
import './admin.css'

/** The admin console's sections, in menu order; `alliance` ones are for the alliance admin only. */
const SECTIONS = [
  { key: 'users', alliance: false },
  { key: 'import', alliance: false },
  { key: 'schools', alliance: true },
  { key: 'groups', alliance: false },
  { key: 'exchanges', alliance: false },
  { key: 'terms', alliance: true },
  { key: 'rubrics', alliance: false },
  { key: 'audit', alliance: false },
] as const

/**
 * The frame of `/admin/*`, for school and alliance admins only: a side menu of sections, or on a
 * narrow screen (a phone) a menu bar above the page.
 */
export function AdminLayout() {
  const { t } = useTranslation()
  const me = useMe()
  const screens = Grid.useBreakpoint()
  const narrow = screens.md === false
  const location = useLocation()
  const navigate = useNavigate()
  const role = me.data?.role
  if (role !== 'school_admin' && role !== 'alliance_admin') {
    return <Result status="403" title="403" subTitle={t('admin.forbidden')} />
  }
  const sections = SECTIONS.filter((section) => role === 'alliance_admin' || !section.alliance)
  const selected = location.pathname.split('/')[2] ?? 'users'
  const menu = (
    <Menu
      mode={narrow ? 'horizontal' : 'inline'}
      selectedKeys={[selected]}
      items={sections.map((section) => ({
        key: section.key,
        label: t(`admin.menu.${section.key}`),
        'data-testid': `admin-menu-${section.key}`,
      }))}
      onClick={({ key }) => navigate(`/admin/${key}`)}
      className={narrow ? 'admin-menu-bar' : undefined}
    />
  )
  if (narrow) {
    return (
      <Layout className="admin-layout admin-layout-narrow">
        {menu}
        <Layout.Content className="admin-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    )
  }
  return (
    <Layout className="admin-layout">
      <Layout.Sider width={200} theme="light" className="admin-sider">
        <Typography.Title level={5} className="admin-sider-title">
          {t('admin.title')}
        </Typography.Title>
        {menu}
      </Layout.Sider>
      <Layout.Content className="admin-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  )
}
