import { HistoryOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'

/** The plan page's way into its history (`/plans/<id>/history`). */
export function HistoryLink({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  return (
    <Button
      icon={<HistoryOutlined />}
      onClick={() => navigate(`/plans/${documentId}/history`)}
      data-testid="open-history"
    >
      {t('history.open')}
    </Button>
  )
}
