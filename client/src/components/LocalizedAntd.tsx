import { App as AntdApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** The dayjs locale of an interface language (date pickers name months and weekdays with it). */
export function dayjsLocaleOf(language: string): 'en' | 'zh-cn' {
  return language === 'en' ? 'en' : 'zh-cn'
}

/** Ant Design and dayjs configured for the current language, with the product's theme. */
export function LocalizedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation()
  // Set during render so the date pickers rendered below already use it.
  dayjs.locale(dayjsLocaleOf(i18n.language))
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1f6feb', borderRadius: 8 } }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  )
}
