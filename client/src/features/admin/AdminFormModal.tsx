import { Button, Modal } from 'antd'
import type { ReactNode } from 'react'

/** Props of {@link AdminFormModal}. */
export interface AdminFormModalProps {
  open: boolean
  title: string
  /** The `id` of the form inside; the save button submits it. */
  formId: string
  cancelLabel: string
  saveLabel: string
  saving: boolean
  /** `data-testid` of the save button. */
  saveTestId: string
  onClose: () => void
  children: ReactNode
}

/** An admin page's create/edit dialog: the form, with 取消 and a 保存 button that submits it. */
export function AdminFormModal(props: AdminFormModalProps) {
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      forceRender
      footer={[
        <Button key="cancel" onClick={props.onClose}>
          {props.cancelLabel}
        </Button>,
        <Button
          key="save"
          type="primary"
          htmlType="submit"
          form={props.formId}
          loading={props.saving}
          data-testid={props.saveTestId}
        >
          {props.saveLabel}
        </Button>,
      ]}
    >
      {props.children}
    </Modal>
  )
}
