import { App, Button, Card, DatePicker, Empty, Form, Input, List, Space, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReflectionInfo } from '../../../../shared/domain.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useReflections, useSaveReflectionMutation } from './api.ts'

interface ReflectionValues {
  className: string
  taughtOn: Dayjs
  text: string
}

/** Teaching reflections (教学反思) on a 个案, per class; its teacher adds and edits them. */
export function ReflectionsPanel({
  documentId,
  className,
  userId,
  canWrite,
}: {
  documentId: string
  className: string | null
  userId: string
  canWrite: boolean
}) {
  const { t } = useTranslation()
  const reflections = useReflections(documentId)
  const saveReflection = useSaveReflectionMutation(documentId)
  const { message } = App.useApp()
  const [form] = Form.useForm<ReflectionValues>()
  const [editing, setEditing] = useState<ReflectionInfo | 'new' | null>(null)

  const save = async (values: ReflectionValues): Promise<void> => {
    const json = {
      className: values.className,
      taughtOn: values.taughtOn.format('YYYY-MM-DD'),
      text: values.text,
    }
    try {
      const reflectionId = editing && editing !== 'new' ? editing.id : null
      await saveReflection.mutateAsync({ reflectionId, json })
      setEditing(null)
    } catch (error) {
      message.error(t('prep.tasks.failed', { message: apiErrorMessage(t, error) }))
    }
  }
  const startEditing = (target: ReflectionInfo | 'new'): void => {
    setEditing(target)
    form.setFieldsValue(
      target === 'new'
        ? { className: className ?? '', taughtOn: dayjs(), text: '' }
        : { className: target.className, taughtOn: dayjs(target.taughtOn), text: target.text },
    )
  }
  const required = (field: string) => [
    { required: true, message: t('prep.tasks.required', { field }) },
  ]

  return (
    <Card
      size="small"
      className="reflections-panel"
      data-testid="reflections-panel"
      title={t('prep.reflections.title')}
      extra={
        canWrite &&
        editing === null && (
          <Button size="small" onClick={() => startEditing('new')} data-testid="add-reflection">
            {t('prep.reflections.add')}
          </Button>
        )
      }
    >
      {editing !== null && (
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <Space wrap>
            <Form.Item
              name="className"
              label={t('prep.reflections.className')}
              rules={required(t('prep.reflections.className'))}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="taughtOn"
              label={t('prep.reflections.taughtOn')}
              rules={required(t('prep.reflections.taughtOn'))}
            >
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item
            name="text"
            label={t('prep.reflections.text')}
            rules={required(t('prep.reflections.text'))}
          >
            <Input.TextArea autoSize={{ minRows: 3 }} data-testid="reflection-text" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="save-reflection">
              {t('prep.reflections.save')}
            </Button>
            <Button onClick={() => setEditing(null)}>{t('prep.reflections.cancel')}</Button>
          </Space>
        </Form>
      )}
      {(reflections.data ?? []).length === 0 && editing === null ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prep.reflections.empty')} />
      ) : (
        <List
          dataSource={reflections.data ?? []}
          renderItem={(item) => (
            <List.Item
              data-testid="reflection"
              actions={
                item.author.id === userId && editing === null
                  ? [
                      <Button
                        key="edit"
                        size="small"
                        type="link"
                        onClick={() => startEditing(item)}
                      >
                        {t('prep.reflections.edit')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={`${item.className} · ${item.taughtOn}`}
                description={<Typography.Paragraph>{item.text}</Typography.Paragraph>}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
