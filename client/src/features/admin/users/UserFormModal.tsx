import { App, Form, Input, type FormRule as Rule, Select } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { type AdminUser, USER_ROLES, type UserRole } from '../../../../../shared/domain.ts'
import { ApiError } from '../../../api/ApiError.ts'
import { apiErrorMessage } from '../../../api/errorMessage.ts'
import { AdminFormModal } from '../AdminFormModal.tsx'
import {
  type SignInLink,
  type UserChanges,
  useCreateUserMutation,
  useUpdateUserMutation,
} from './api.ts'

/** The form's fields (empty strings for what is not given). */
interface FormValues {
  displayName: string
  username: string
  password: string
  schoolId: string
  role: UserRole
  subject: string
  grade: string
  phone: string
  email: string
}

/** A school to choose from. */
export interface SchoolChoice {
  id: string
  name: string
}

/** The phone number as the server checks it: digits (with +, spaces, dashes), CN mobile or 7–15 digits. */
function validPhone(value: string): boolean {
  if (!/^\+?[\d\s-]+$/.test(value)) return false
  const digits = value.replace(/\D/g, '')
  return /^1\d{10}$/.test(digits) || /^\d{7,15}$/.test(digits)
}

/** The changes between an account and the edited form (empty phone/email clear them). */
function changesOf(user: AdminUser, values: FormValues, mayMove: boolean): UserChanges {
  const changes: UserChanges = {}
  if (values.displayName !== user.displayName) changes.displayName = values.displayName
  if (values.role !== user.role) changes.role = values.role
  if (values.subject !== user.subject) changes.subject = values.subject
  if (values.grade !== user.grade) changes.grade = values.grade
  const phone = values.phone.trim() === '' ? null : values.phone.trim()
  if (phone !== user.phone) changes.phone = phone
  const email = values.email.trim() === '' ? null : values.email.trim()
  if (email !== user.email) changes.email = email
  if (mayMove && values.schoolId !== user.schoolId) changes.schoolId = values.schoolId
  return changes
}

/** The create / edit form of an account, in a modal; `user` null creates. */
export function UserFormModal(props: {
  open: boolean
  user: AdminUser | null
  schools: SchoolChoice[]
  /** The school of a new account when the caller may not choose (a school admin's own). */
  defaultSchoolId: string
  isAllianceAdmin: boolean
  onClose: () => void
  onCreated: (link: SignInLink | null, name: string) => void
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormValues>()
  const create = useCreateUserMutation()
  const update = useUpdateUserMutation()
  const { user, open } = props
  const editing = user !== null

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(
      user
        ? {
            displayName: user.displayName,
            username: user.username,
            password: '',
            schoolId: user.schoolId,
            role: user.role,
            subject: user.subject,
            grade: user.grade,
            phone: user.phone ?? '',
            email: user.email ?? '',
          }
        : {
            displayName: '',
            username: '',
            password: '',
            schoolId: props.defaultSchoolId,
            role: 'teacher',
            subject: '',
            grade: '',
            phone: '',
            email: '',
          },
    )
  }, [open, user, form, props.defaultSchoolId])

  const required = (field: string): Rule => ({
    required: true,
    whitespace: true,
    message: t('admin.users.form.required', { field: t(`admin.users.form.${field}`) }),
  })
  const maxLength = (max: number): Rule => ({
    max,
    message: t('admin.users.form.tooLong', { max }),
  })
  const roles = USER_ROLES.filter((role) => props.isAllianceAdmin || role !== 'alliance_admin')

  function showServerError(error: unknown) {
    if (error instanceof ApiError && error.code === 'username_taken') {
      form.setFields([{ name: 'username', errors: [apiErrorMessage(t, error)] }])
    } else if (error instanceof ApiError && error.code === 'phone_taken') {
      form.setFields([{ name: 'phone', errors: [apiErrorMessage(t, error)] }])
    } else {
      message.error(apiErrorMessage(t, error))
    }
  }

  async function submit(values: FormValues) {
    try {
      if (user) {
        const changes = changesOf(user, values, props.isAllianceAdmin)
        if (Object.keys(changes).length > 0) await update.mutateAsync({ id: user.id, changes })
        message.success(t('admin.users.done.saved'))
        props.onClose()
        return
      }
      const created = await create.mutateAsync({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password || undefined,
        schoolId: values.schoolId,
        role: values.role,
        phone: values.phone.trim() || undefined,
        email: values.email.trim() || undefined,
        subject: values.subject.trim() || undefined,
        grade: values.grade.trim() || undefined,
      })
      message.success(t('admin.users.done.created'))
      props.onClose()
      props.onCreated(created.link, values.displayName.trim())
    } catch (error) {
      showServerError(error)
    }
  }

  return (
    <AdminFormModal
      open={open}
      title={t(editing ? 'admin.users.form.editTitle' : 'admin.users.form.createTitle')}
      formId="admin-user-form"
      cancelLabel={t('admin.users.form.cancel')}
      saveLabel={t('admin.users.form.save')}
      saving={create.isPending || update.isPending}
      saveTestId="user-form-submit"
      onClose={props.onClose}
    >
      <Form<FormValues>
        id="admin-user-form"
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark
      >
        <Form.Item
          name="displayName"
          label={t('admin.users.form.displayName')}
          rules={[required('displayName'), maxLength(100)]}
        >
          <Input data-testid="user-form-displayName" autoFocus />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('admin.users.form.username')}
          extra={editing ? undefined : t('admin.users.form.usernameHelp')}
          rules={[
            required('username'),
            {
              pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/,
              message: t('admin.users.form.usernameInvalid'),
            },
          ]}
        >
          <Input data-testid="user-form-username" disabled={editing} autoComplete="off" />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('admin.users.form.password')}
            extra={t('admin.users.form.passwordHelp')}
            rules={[
              { min: 8, message: t('admin.users.form.passwordTooShort') },
              { max: 200, message: t('admin.users.form.tooLong', { max: 200 }) },
            ]}
          >
            <Input.Password data-testid="user-form-password" autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item
          name="schoolId"
          label={t('admin.users.form.school')}
          rules={[required('school')]}
        >
          <Select
            data-testid="user-form-school"
            disabled={!props.isAllianceAdmin}
            options={props.schools.map((school) => ({ value: school.id, label: school.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="role" label={t('admin.users.form.role')} rules={[required('role')]}>
          <Select
            data-testid="user-form-role"
            options={roles.map((role) => ({ value: role, label: t(`admin.users.roles.${role}`) }))}
          />
        </Form.Item>
        <Form.Item name="subject" label={t('admin.users.form.subject')} rules={[maxLength(50)]}>
          <Input data-testid="user-form-subject" />
        </Form.Item>
        <Form.Item name="grade" label={t('admin.users.form.grade')} rules={[maxLength(50)]}>
          <Input data-testid="user-form-grade" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('admin.users.form.phone')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && value.trim() !== '' && !validPhone(value.trim())) {
                  throw new Error(t('admin.users.form.phoneInvalid'))
                }
              },
            },
          ]}
        >
          <Input data-testid="user-form-phone" inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('admin.users.form.email')}
          rules={[{ type: 'email', message: t('admin.users.form.emailInvalid') }, maxLength(200)]}
        >
          <Input data-testid="user-form-email" inputMode="email" />
        </Form.Item>
      </Form>
    </AdminFormModal>
  )
}
