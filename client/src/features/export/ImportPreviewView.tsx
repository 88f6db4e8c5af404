import { Alert, Descriptions, List, Space, Table, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { HEADER_FIELDS, sectionDef } from '../../../../shared/editor/planSchema.ts'
import type { ImportPreview } from '../../../../shared/export/importApi.ts'

/**
 * What a Word file will become: header, parts found, steps and unsorted content (and, when it
 * replaces an existing plan, a warning that the old content is kept as the version 导入前).
 */
export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language === 'en' ? 'en' : 'zh-CN'
  const headerItems = HEADER_FIELDS.filter((field) => {
    const value = preview.header[field.key]
    return typeof value === 'string' ? value !== '' : true
  }).map((field) => ({
    key: field.key,
    label: field.label[language],
    children: String(preview.header[field.key]),
  }))
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-preview">
      {preview.replaces ? (
        <Alert
          type="info"
          showIcon
          data-testid="import-replaces"
          message={t('planImport.replacesTitle')}
          description={t('planImport.replacesHint')}
        />
      ) : null}
      <Typography.Title level={5} data-testid="import-title">
        {preview.title}
      </Typography.Title>
      <Descriptions size="small" column={2} title={t('planImport.header')} items={headerItems} />
      <Typography.Text strong>{t('planImport.sections')}</Typography.Text>
      <List
        size="small"
        dataSource={preview.sections}
        renderItem={(section) => (
          <List.Item key={section.key} data-testid="import-section" data-section={section.key}>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space>
                <Tag color={section.paragraphs > 0 ? 'green' : 'default'}>
                  {section.paragraphs > 0 ? t('planImport.found') : t('planImport.empty')}
                </Tag>
                <Typography.Text strong>{sectionDef(section.key).label[language]}</Typography.Text>
                {section.paragraphs > 0 ? (
                  <Typography.Text type="secondary">
                    {section.key === 'process'
                      ? t('planImport.stepsCount', { count: section.paragraphs })
                      : t('planImport.paragraphs', { count: section.paragraphs })}
                  </Typography.Text>
                ) : null}
              </Space>
              {section.excerpt ? (
                <Typography.Text type="secondary" lang="zh-CN" ellipsis>
                  {section.excerpt}
                </Typography.Text>
              ) : null}
              {section.notes.map((note) => (
                <Typography.Text key={note} type="warning" lang="zh-CN">
                  {note}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
      {preview.steps.length > 0 ? (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, index) => String(index)}
          dataSource={preview.steps}
          data-testid="import-steps"
          title={() => t('planImport.steps')}
          columns={[
            { title: t('planImport.stepName'), dataIndex: 'name' },
            { title: t('planImport.minutes'), dataIndex: 'minutes', width: 80 },
            { title: t('planImport.teacher'), dataIndex: 'teacher' },
          ]}
        />
      ) : null}
      {preview.images > 0 ? (
        <Typography.Text>{t('planImport.images', { count: preview.images })}</Typography.Text>
      ) : null}
      {preview.unplaced.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="import-unplaced"
          message={t('planImport.unplaced', { count: preview.unplaced.length })}
          description={
            <Space direction="vertical" size={0}>
              <Typography.Text type="secondary">{t('planImport.unplacedHint')}</Typography.Text>
              <List
                size="small"
                dataSource={preview.unplaced}
                renderItem={(item) => (
                  <List.Item data-testid="import-unplaced-item">
                    <Typography.Text mark lang="zh-CN">
                      {item.text}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t(`planImport.reasons.${item.reason}`)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            </Space>
          }
        />
      ) : null}
    </Space>
  )
}
