import { Card, Empty, Input, List, Rate, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { type LibraryFilters, useLibrary } from '../api/queries.ts'

/** The shared library: search in Chinese or English, filter, sort. */
export function LibraryPage() {
  const { t } = useTranslation()
  const [q, setQ] = useState('')
  const [filters, setFilters] = useState<LibraryFilters>({})
  const entries = useLibrary(q, filters)
  const all = useLibrary('', {})
  const options = (key: 'subject' | 'grade' | 'textbookEdition') =>
    [...new Set((all.data ?? []).map((entry) => entry[key]).filter(Boolean))]
      .sort((a, b) => a.localeCompare(b, 'zh-CN'))
      .map((value) => ({ value, label: value }))
  return (
    <div className="library">
      <Typography.Title level={3}>{t('library.title')}</Typography.Title>
      <Card>
        <Space wrap className="home-filters">
          <Input.Search
            allowClear
            placeholder={t('library.search')}
            onSearch={setQ}
            style={{ width: 280 }}
            data-testid="library-search"
          />
          {(['subject', 'grade', 'textbookEdition'] as const).map((key) => (
            <Select
              key={key}
              allowClear
              placeholder={t(`library.filters.${key}`)}
              options={options(key)}
              onChange={(value: string | undefined) =>
                setFilters((current) => ({ ...current, [key]: value }))
              }
              style={{ width: 150 }}
            />
          ))}
          <Select
            value={filters.sort ?? 'newest'}
            options={(['newest', 'rating', 'adapted'] as const).map((sort) => ({
              value: sort,
              label: t(`library.sort.${sort}`),
            }))}
            onChange={(sort: LibraryFilters['sort']) =>
              setFilters((current) => ({ ...current, sort }))
            }
            style={{ width: 140 }}
          />
        </Space>
        <List
          loading={entries.isPending}
          dataSource={entries.data ?? []}
          locale={{ emptyText: <Empty description={t('library.empty')} /> }}
          renderItem={(entry) => (
            <List.Item
              key={entry.id}
              data-testid="library-item"
              extra={
                <Space direction="vertical" align="end" size={0}>
                  <Rate disabled allowHalf value={entry.rating ?? 0} />
                  <Typography.Text type="secondary">
                    {t('library.stats', {
                      reviews: entry.reviewCount,
                      adaptations: entry.adaptations,
                    })}
                  </Typography.Text>
                </Space>
              }
            >
              <List.Item.Meta
                title={
                  <Link to={`/library/${entry.id}`}>
                    {entry.titleHighlighted ? (
                      // The server escapes the text and adds only <mark> around matches.
                      // biome-ignore lint/security/noDangerouslySetInnerHtml: server-escaped highlight
                      <span dangerouslySetInnerHTML={{ __html: entry.titleHighlighted }} />
                    ) : (
                      entry.title
                    )}
                  </Link>
                }
                description={
                  <Space direction="vertical" size={2}>
                    <Space size="small" wrap>
                      <Tag>{entry.schoolName}</Tag>
                      <span>
                        {[entry.subject, entry.grade, entry.textbookEdition, entry.unit]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </Space>
                    {entry.snippet && (
                      <Typography.Text type="secondary" className="library-snippet">
                        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-escaped snippet */}
                        <span dangerouslySetInnerHTML={{ __html: entry.snippet }} />
                      </Typography.Text>
                    )}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  )
}
