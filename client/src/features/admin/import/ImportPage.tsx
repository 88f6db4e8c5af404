import { DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Flex, Result, Space, Spin, Steps, Switch, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import {
  type ImportOutcome,
  type ImportPreview,
  saveBase64File,
  TEMPLATE_URL,
  useImportTeachersMutation,
  usePreviewImportMutation,
} from './api.ts'
import { PreviewTable } from './PreviewTable.tsx'

const ACCEPTED = /\.(xlsx|csv)$/i

/** The admin console's import page: upload a roster → preview its rows → import → result file. */
export function ImportPage() {
  const { t } = useTranslation()
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null)
  const [onlyProblems, setOnlyProblems] = useState(false)
  const [typeError, setTypeError] = useState(false)
  const previewMutation = usePreviewImportMutation()
  const importMutation = useImportTeachersMutation()
  const step = outcome ? 2 : preview ? 1 : 0

  const choose = (chosen: File): false => {
    setTypeError(!ACCEPTED.test(chosen.name))
    if (ACCEPTED.test(chosen.name)) {
      setFile(chosen)
      previewMutation.mutate(chosen, { onSuccess: setPreview })
    }
    return false
  }
  const restart = () => {
    setFile(null)
    setPreview(null)
    setOutcome(null)
    setOnlyProblems(false)
    previewMutation.reset()
    importMutation.reset()
  }
  const runImport = () => {
    if (file) importMutation.mutate(file, { onSuccess: setOutcome })
  }

  return (
    <Flex vertical gap="middle" data-testid="import-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('admin.import.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('admin.import.intro')}
      </Typography.Paragraph>
      <Steps
        current={step}
        status={step === 2 ? 'finish' : 'process'}
        size="small"
        items={[
          { title: t('admin.import.steps.upload') },
          { title: t('admin.import.steps.preview') },
          { title: t('admin.import.steps.result') },
        ]}
      />
      {step === 0 && (
        <Flex vertical gap="middle">
          <div>
            <Button icon={<DownloadOutlined />} href={TEMPLATE_URL} data-testid="import-template">
              {t('admin.import.template')}
            </Button>
          </div>
          <Spin spinning={previewMutation.isPending} tip={t('admin.import.reading')}>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              beforeUpload={choose}
              data-testid="import-dragger"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('admin.import.dragger')}</p>
              <p className="ant-upload-hint">{t('admin.import.draggerHint')}</p>
            </Upload.Dragger>
          </Spin>
          {typeError && <Alert type="error" showIcon message={t('admin.import.badType')} />}
          {previewMutation.isError && (
            <Alert
              type="error"
              showIcon
              data-testid="import-error"
              message={apiErrorMessage(t, previewMutation.error)}
            />
          )}
        </Flex>
      )}
      {step === 1 && preview && (
        <Flex vertical gap="middle">
          <Flex gap="middle" align="center" wrap>
            <Typography.Text strong>
              {t('admin.import.fileLabel', { name: preview.fileName })}
            </Typography.Text>
            <Typography.Text data-testid="import-counts">
              {t('admin.import.counts', preview.counts)}
            </Typography.Text>
            <Space>
              <Switch
                size="small"
                checked={onlyProblems}
                onChange={setOnlyProblems}
                data-testid="import-only-problems"
              />
              {t('admin.import.onlyProblems')}
            </Space>
          </Flex>
          <PreviewTable
            rows={
              onlyProblems ? preview.rows.filter((row) => row.status === 'invalid') : preview.rows
            }
            emptyText={onlyProblems ? t('admin.import.noProblems') : t('admin.import.empty')}
          />
          {importMutation.isError && (
            <Alert
              type="error"
              showIcon
              data-testid="import-error"
              message={apiErrorMessage(t, importMutation.error)}
            />
          )}
          {preview.counts.new === 0 && (
            <Alert type="info" showIcon message={t('admin.import.nothingNew')} />
          )}
          <Flex gap="middle" align="center">
            <Button
              type="primary"
              disabled={preview.counts.new === 0}
              loading={importMutation.isPending}
              onClick={runImport}
              data-testid="import-submit"
            >
              {t('admin.import.importButton', { count: preview.counts.new })}
            </Button>
            <Button onClick={restart} disabled={importMutation.isPending}>
              {t('admin.import.chooseAnother')}
            </Button>
            {importMutation.isPending && (
              <Space>
                <Spin size="small" />
                {t('admin.import.importing')}
              </Space>
            )}
          </Flex>
        </Flex>
      )}
      {step === 2 && outcome && (
        <Result
          status="success"
          title={t('admin.import.resultTitle')}
          subTitle={
            <span data-testid="import-result-counts">
              {t('admin.import.resultCounts', outcome)}
            </span>
          }
          extra={
            <Flex vertical gap="middle" align="center">
              <Alert
                type="warning"
                showIcon
                message={t('admin.import.linksWarning')}
                style={{ maxWidth: 640 }}
              />
              <Space>
                <Button
                  type="primary"
                  icon={<DownloadOutlined />}
                  data-testid="import-download-result"
                  onClick={() => saveBase64File(outcome.result.fileName, outcome.result.base64)}
                >
                  {t('admin.import.download')}
                </Button>
                <Button onClick={restart}>{t('admin.import.again')}</Button>
              </Space>
            </Flex>
          }
        />
      )}
    </Flex>
  )
}
