import { App, Button, Form, Input, Modal } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_VERSION_NAME_LENGTH } from '../../../../shared/history/versionApi.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { useCreateVersionMutation } from './api.ts'

/** "保存版本": names the live plan as a version (a name is required, at most 80 characters). */
export function SaveVersionButton({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<{ name: string }>()
  const create = useCreateVersionMutation(documentId)

  const save = async ({ name }: { name: string }): Promise<void> => {
    try {
      await create.mutateAsync({ name: name.trim() })
      message.success(t('history.save.saved', { name: name.trim() }))
      setOpen(false)
      form.resetFields()
    } catch (error) {
      message.error(t('history.failed', { message: apiErrorMessage(t, error) }))
    }
  }
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="save-version">
        {t('history.save.button')}
      </Button>
      <Modal
        open={open}
        title={t('history.save.title')}
        okText={t('history.save.ok')}
        cancelText={t('history.save.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ className: 'save-version-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <Form.Item
            name="name"
            label={t('history.save.name')}
            rules={[
              { required: true, whitespace: true, message: t('history.save.required') },
              {
                max: MAX_VERSION_NAME_LENGTH,
                message: t('history.save.tooLong', { max: MAX_VERSION_NAME_LENGTH }),
              },
            ]}
          >
            <Input
              autoFocus
              placeholder={t('history.save.placeholder')}
              showCount
              data-testid="version-name-input"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
