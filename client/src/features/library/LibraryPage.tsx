import { Card, Empty, List, Rate, Select, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { UrlSearchInput } from '../../components/UrlSearchInput.tsx'
import { useUrlState } from '../../components/useUrlState.ts'
import { type LibraryFilters, useLibrary } from './api.ts'

const SORTS = ['newest', 'rating', 'adapted'] as const

function isSort(value: string | undefined): value is (typeof SORTS)[number] {
  return SORTS.some((sort) => sort === value)
}

type Entry = NonNullable<ReturnType<typeof useLibrary>['data']>[number]

/** Entries in the chosen order (the server's order for "newest" lists and relevance). */
function sortEntries(entries: Entry[], sort: LibraryFilters['sort']): Entry[] {
  const sorted = [...entries]
  if (sort === 'rating') sorted.sort((a, b) => (b.rating ?? 0) - (a.rating ?? 0))
  else if (sort === 'adapted') sorted.sort((a, b) => b.adaptations - a.adaptations)
  else sorted.sort((a, b) => b.updatedAt - a.updatedAt)
  return sorted
}

/** The shared library: search in Chinese or English, filter, sort. */
export function LibraryPage() {
  const { t } = useTranslation()
  // Search, filters and order live in the URL, so Back from an entry brings them back.
  const url = useUrlState()
  const q = url.get('q') ?? ''
  const sortParam = url.get('sort')
  const minRating = Number(url.get('minRating'))
  const filters: LibraryFilters = {
    subject: url.get('subject'),
    grade: url.get('grade'),
    textbookEdition: url.get('textbookEdition'),
    unit: url.get('unit'),
    schoolId: url.get('schoolId'),
    minRating: Number.isFinite(minRating) && minRating > 0 ? minRating : undefined,
    sort: isSort(sortParam) ? sortParam : undefined,
  }
  // A search is ordered by relevance unless another order was chosen.
  const relevance = url.get('sort') === undefined
  const entries = useLibrary(q, filters)
  const all = useLibrary('', { limit: 100 })
  const options = (key: 'subject' | 'grade' | 'textbookEdition' | 'unit') =>
    [...new Set((all.data ?? []).map((entry) => entry[key]).filter(Boolean))]
      .sort((a, b) => a.localeCompare(b, 'zh-CN'))
      .map((value) => ({ value, label: value }))
  const schoolOptions = [
    ...new Map((all.data ?? []).map((entry) => [entry.schoolId, entry.schoolName])),
  ].map(([value, label]) => ({ value, label }))
  // Search results come ranked by relevance; another order re-sorts them here.
  const searching = q.trim() !== ''
  const byRelevance = searching && relevance
  const items = byRelevance ? (entries.data ?? []) : sortEntries(entries.data ?? [], filters.sort)
  return (
    <div className="library">
      <Typography.Title level={3}>{t('library.title')}</Typography.Title>
      <Card>
        <Space wrap className="home-filters">
          <UrlSearchInput
            value={q}
            onSearch={(value) => url.set({ q: value.trim() || undefined })}
            placeholder={t('library.search')}
            width={280}
            testId="library-search"
          />
          {(['subject', 'grade', 'textbookEdition', 'unit'] as const).map((key) => (
            <Select
              key={key}
              allowClear
              placeholder={t(`library.filters.${key}`)}
              options={options(key)}
              value={filters[key]}
              onChange={(value: string | undefined) => url.set({ [key]: value })}
              style={{ width: 150 }}
            />
          ))}
          <Select
            allowClear
            placeholder={t('library.filters.school')}
            options={schoolOptions}
            value={filters.schoolId}
            onChange={(schoolId: string | undefined) => url.set({ schoolId })}
            style={{ width: 170 }}
            data-testid="library-school"
          />
          <Select
            allowClear
            placeholder={t('library.filters.rating')}
            options={[3, 4, 4.5].map((stars) => ({
              value: stars,
              label: t('library.ratingAtLeast', { stars }),
            }))}
            value={filters.minRating}
            onChange={(stars: number | undefined) =>
              url.set({ minRating: stars === undefined ? undefined : String(stars) })
            }
            style={{ width: 150 }}
          />
          <Select
            value={byRelevance ? 'relevance' : (filters.sort ?? 'newest')}
            options={[
              ...(searching ? (['relevance'] as const) : []),
              ...(['newest', 'rating', 'adapted'] as const),
            ].map((sort) => ({ value: sort, label: t(`library.sort.${sort}`) }))}
            onChange={(sort: LibraryFilters['sort'] | 'relevance') =>
              url.set({ sort: sort === 'relevance' ? undefined : sort })
            }
            style={{ width: 140 }}
            data-testid="library-sort"
          />
        </Space>
        <List
          loading={entries.isPending}
          dataSource={items}
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
                  <Link to={`/library/${entry.id}`} lang="zh-CN">
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
                      <Typography.Text type="secondary" className="library-snippet" lang="zh-CN">
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
