import { Descriptions, List, Space, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { baseMaximum, type RubricDefinition } from '../../../../../shared/observations/rubric.ts'

/** Props of {@link RubricDefinitionView}. */
export interface RubricDefinitionViewProps {
  definition: RubricDefinition
}

/** A rubric definition, readable: items with weights and points, the scale, bonus and grades. */
export function RubricDefinitionView({ definition }: RubricDefinitionViewProps) {
  const { t } = useTranslation()
  const total = baseMaximum(definition)
  const viewpoints = definition.mode === 'viewpoints'
  const percentOf = (weight: number) => (total > 0 ? Math.round((weight / total) * 1000) / 10 : 0)
  return (
    <div data-testid="rubric-definition">
      <Typography.Title level={5}>{t('admin.rubrics.items')}</Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="rubric-base-maximum">
        {t('admin.rubrics.baseMaximum', { total })}
      </Typography.Paragraph>
      <List
        bordered
        size="small"
        dataSource={definition.items}
        rowKey="key"
        renderItem={(item) => (
          <List.Item data-testid={`rubric-item-${item.key}`} className="rubric-item">
            <div className="rubric-item-body">
              <Space wrap>
                <Typography.Text strong>{item.name}</Typography.Text>
                <Tag color="blue" data-testid={`rubric-weight-${item.key}`}>
                  {t('admin.rubrics.weightShare', {
                    weight: item.weight,
                    percent: percentOf(item.weight),
                  })}
                </Tag>
              </Space>
              <Typography.Text type="secondary" className="rubric-points-label">
                {viewpoints ? t('admin.rubrics.viewpoints') : t('admin.rubrics.points')}
              </Typography.Text>
              <ol className="rubric-points">
                {item.points.map((point) => (
                  <li key={point.key}>{point.text}</li>
                ))}
              </ol>
            </div>
          </List.Item>
        )}
      />
      <Descriptions
        column={1}
        size="small"
        bordered
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'scale',
            label: t('admin.rubrics.scale'),
            children: (
              <span data-testid="rubric-scale">
                {definition.scale.map((level) => `${level.label} = ${level.value}`).join(' / ')}
              </span>
            ),
          },
          {
            key: 'bonus',
            label: t('admin.rubrics.bonus'),
            children:
              definition.bonus.length === 0 ? (
                t('admin.rubrics.noBonus')
              ) : (
                <div data-testid="rubric-bonus">
                  {definition.bonus.map((bonus) => (
                    <div key={bonus.key}>
                      <Space wrap size={4}>
                        <Typography.Text strong>{bonus.name}</Typography.Text>
                        {bonus.text ? <span>{bonus.text}</span> : null}
                        <Tag>{t('admin.rubrics.bonusMax', { max: bonus.max })}</Tag>
                      </Space>
                    </div>
                  ))}
                  <Typography.Text type="secondary">
                    {t('admin.rubrics.bonusCap', { cap: definition.bonusCap })}
                  </Typography.Text>
                </div>
              ),
          },
          {
            key: 'grades',
            label: t('admin.rubrics.grades'),
            children: (
              <div data-testid="rubric-grades">
                {definition.grades.map((grade) => (
                  <div key={grade.label}>
                    {t('admin.rubrics.gradeRow', {
                      label: grade.label,
                      percent: grade.minPercent,
                    })}
                  </div>
                ))}
                <div>{t('admin.rubrics.fallback', { label: definition.fallbackGrade })}</div>
              </div>
            ),
          },
        ]}
      />
    </div>
  )
}
