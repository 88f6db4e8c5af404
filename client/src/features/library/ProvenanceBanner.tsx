import { Alert, Space } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ComparisonPanel } from '../prep/index.ts'
import { useProvenance } from './api.ts'

/**
 * On a plan adapted from the library: where it came from, the comparison with the version it
 * was adapted from, and the offer to bring in a newer version's changes.
 */
export function ProvenanceBanner({
  documentId,
  canEdit,
}: {
  documentId: string
  canEdit: boolean
}) {
  const { t } = useTranslation()
  const provenance = useProvenance(documentId)
  const data = provenance.data
  if (!data) return null
  const authors = data.authors.map((author) => `${author.name}（${author.school}）`).join('、')
  return (
    <>
      <Alert
        className="provenance-banner"
        data-testid="provenance"
        type={data.newerVersionAvailable ? 'warning' : 'info'}
        showIcon
        message={
          <Space wrap>
            <span>
              {t('provenance.adaptedFrom', {
                version: data.adaptedVersion,
                school: data.schoolName,
              })}
            </span>
            {data.status === 'published' ? (
              <Link to={`/library/${data.entryId}`}>{data.title}</Link>
            ) : (
              <span>
                {data.title} · {t('provenance.withdrawn')}
              </span>
            )}
          </Space>
        }
        description={
          <>
            {t('provenance.authors', { authors, licence: data.licence })}
            {data.newerVersionAvailable && (
              <div data-testid="provenance-newer">
                {t('provenance.newer', { version: data.latestVersion })}
              </div>
            )}
          </>
        }
      />
      <ComparisonPanel documentId={documentId} canEdit={canEdit} />
    </>
  )
}
