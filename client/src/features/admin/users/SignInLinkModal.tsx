import { Button, Modal, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { SignInLink } from './api.ts'

/** Shows a one-time sign-in link once, with a copy button and its expiry. */
export function SignInLinkModal(props: {
  link: SignInLink | null
  name: string
  onClose: () => void
}) {
  const { t, i18n } = useTranslation()
  const { link } = props
  return (
    <Modal
      open={link !== null}
      title={t('admin.users.link.title')}
      onCancel={props.onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={props.onClose} data-testid="sign-in-link-close">
          {t('admin.users.link.close')}
        </Button>
      }
    >
      {link && (
        <>
          <Typography.Paragraph>
            {t('admin.users.link.intro', { name: props.name })}
          </Typography.Paragraph>
          <Typography.Paragraph
            code
            copyable={{
              text: link.url,
              tooltips: [t('admin.users.link.copy'), t('admin.users.link.copied')],
            }}
            data-testid="sign-in-link-url"
            className="admin-link-url"
          >
            {link.url}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('admin.users.link.expires', {
              time: new Date(link.expiresAt).toLocaleString(i18n.language),
            })}
          </Typography.Text>
        </>
      )}
    </Modal>
  )
}
