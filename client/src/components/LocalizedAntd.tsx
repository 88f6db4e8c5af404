import { App as AntdApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** Ant Design configured for the current language, with the product's theme. */
export function LocalizedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation()
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1f6feb', borderRadius: 8 } }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  )
}
