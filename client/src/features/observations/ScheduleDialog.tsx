import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PersonRef } from '../../../../shared/domain.ts'
import {
  MAX_CLASS_LENGTH,
  MAX_ROOM_LENGTH,
  type ObservationInfo,
  type ScheduleObservationBody,
} from '../../../../shared/observations/observationApi.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { usePlans } from '../documents/index.ts'
import { useVersions } from '../history/index.ts'
import { useGroupMembers, useMe } from '../identity/index.ts'
import { useObserverCandidates, useRubrics, useScheduleObservationMutation } from './api.ts'
import { formatDateTime } from './format.ts'

interface ScheduleValues {
  documentId: string
  version: number | 'auto'
  teacherId: string
  className: string
  room: string
  startsAt: Dayjs
  durationMinutes: number
  rubricId: string
  observerIds: string[]
}

/** "Name（school）", how people are told apart across the alliance's schools. */
export function personLabel(person: PersonRef): string {
  return `${person.displayName}（${person.schoolName}）`
}

/** The observers field: search teachers of any school by name; the school is shown. */
function ObserverPicker({
  value,
  onChange,
  excludeId,
}: {
  value?: string[]
  onChange?: (ids: string[]) => void
  excludeId: string | undefined
}) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [known, setKnown] = useState<Map<string, PersonRef>>(new Map())
  const candidates = useObserverCandidates(query)
  const found = (candidates.data ?? []).filter((person) => person.id !== excludeId)
  const options = [
    ...found,
    ...(value ?? [])
      .filter((id) => !found.some((person) => person.id === id))
      .map((id) => known.get(id))
      .filter((person): person is PersonRef => person !== undefined),
  ].map((person) => ({ value: person.id, label: personLabel(person) }))
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value ?? []}
      placeholder={t('observations.schedule.observersPlaceholder')}
      loading={candidates.isFetching}
      options={options}
      data-testid="schedule-observers"
      onChange={(ids: string[]) => {
        const next = new Map(known)
        for (const person of found) next.set(person.id, person)
        setKnown(next)
        onChange?.(ids)
      }}
    />
  )
}

/** The version field: the plan's versions, newest first, or "the current state". */
function versionOptions(
  versions: { id: number; name: string; createdAt: number }[] | undefined,
  autoLabel: string,
  named: (name: string, createdAt: number) => string,
): { value: number | 'auto'; label: string }[] {
  return [
    { value: 'auto', label: autoLabel },
    ...(versions ?? []).map((version) => ({
      value: version.id,
      label: named(version.name, version.createdAt),
    })),
  ]
}

/**
 * The dialog that schedules an observation (听课) of a lesson: the plan and the exact version
 * to be taught, class, time, room, the rubric and observers from any school; `onScheduled`
 * gets the new observation.
 */
export function ScheduleDialog({
  open,
  onClose,
  onScheduled,
}: {
  open: boolean
  onClose: () => void
  onScheduled: (observation: ObservationInfo) => void
}) {
  const { t, i18n } = useTranslation()
  const [form] = Form.useForm<ScheduleValues>()
  const me = useMe()
  const plans = usePlans({})
  const rubrics = useRubrics(open)
  const schedule = useScheduleObservationMutation()
  const { message } = App.useApp()
  const documentId = Form.useWatch('documentId', form)
  const teacherId = Form.useWatch('teacherId', form)
  const plan = (plans.data ?? []).find((item) => item.id === documentId)
  const versions = useVersions(documentId ?? '')
  const members = useGroupMembers(plan?.groupId ?? undefined)
  const today = dayjs().format('YYYY-MM-DD')
  const required = (field: string) => [
    { required: true, message: t('observations.schedule.required', { field }) },
  ]

  const teachers = [
    { value: me.data?.id ?? '', label: t('observations.schedule.teacherSelf') },
    ...(members.data ?? [])
      .filter((member) => member.userId !== me.data?.id && member.role !== 'observer')
      .map((member) => ({
        value: member.userId,
        label: `${member.displayName}（${member.schoolName}）`,
      })),
  ]

  const submit = async (values: ScheduleValues): Promise<void> => {
    const body: ScheduleObservationBody = {
      documentId: values.documentId,
      rubricId: values.rubricId,
      className: values.className.trim(),
      room: values.room.trim(),
      startsAt: values.startsAt.valueOf(),
      durationMinutes: values.durationMinutes,
      observerIds: values.observerIds,
      ...(values.version === 'auto' ? {} : { versionId: values.version }),
      ...(values.teacherId && values.teacherId !== me.data?.id
        ? { teacherId: values.teacherId }
        : {}),
    }
    try {
      const created = await schedule.mutateAsync(body)
      message.success(t('observations.schedule.scheduled'))
      form.resetFields()
      onClose()
      onScheduled(created)
    } catch (error) {
      message.error(t('observations.failed', { message: apiErrorMessage(t, error) }))
    }
  }

  return (
    <Modal
      open={open}
      title={t('observations.schedule.title')}
      okText={t('observations.schedule.submit')}
      cancelText={t('observations.schedule.cancel')}
      confirmLoading={schedule.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'schedule-submit' }}
      destroyOnHidden
    >
      <Form<ScheduleValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{
          version: 'auto',
          durationMinutes: 45,
          teacherId: me.data?.id,
          startsAt: dayjs().add(1, 'hour').startOf('hour'),
        }}
      >
        <Form.Item
          name="documentId"
          label={t('observations.schedule.plan')}
          rules={required(t('observations.schedule.plan'))}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('observations.schedule.planPlaceholder')}
            loading={plans.isPending}
            data-testid="schedule-plan"
            options={(plans.data ?? []).map((item) => ({ value: item.id, label: item.title }))}
            onChange={() => form.setFieldValue('version', 'auto')}
          />
        </Form.Item>
        <Form.Item
          name="version"
          label={t('observations.schedule.version')}
          extra={t('observations.schedule.versionHint')}
        >
          <Select
            data-testid="schedule-version"
            disabled={!documentId}
            options={versionOptions(
              versions.data,
              t('observations.schedule.versionAuto', { date: today }),
              (name, createdAt) =>
                t('observations.schedule.versionNamed', {
                  name,
                  date: formatDateTime(createdAt, i18n.language),
                }),
            )}
          />
        </Form.Item>
        {teachers.length > 1 && (
          <Form.Item name="teacherId" label={t('observations.schedule.teacher')}>
            <Select options={teachers} data-testid="schedule-teacher" />
          </Form.Item>
        )}
        <div className="observation-form-row">
          <Form.Item
            name="className"
            label={t('observations.schedule.className')}
            rules={required(t('observations.schedule.className'))}
          >
            <Input
              maxLength={MAX_CLASS_LENGTH}
              placeholder={t('observations.schedule.classPlaceholder')}
              data-testid="schedule-class"
            />
          </Form.Item>
          <Form.Item
            name="room"
            label={t('observations.schedule.room')}
            rules={required(t('observations.schedule.room'))}
          >
            <Input
              maxLength={MAX_ROOM_LENGTH}
              placeholder={t('observations.schedule.roomPlaceholder')}
              data-testid="schedule-room"
            />
          </Form.Item>
        </div>
        <div className="observation-form-row">
          <Form.Item
            name="startsAt"
            label={t('observations.schedule.startsAt')}
            rules={required(t('observations.schedule.startsAt'))}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('observations.schedule.duration')}>
            <InputNumber min={5} max={240} />
          </Form.Item>
        </div>
        <Form.Item
          name="rubricId"
          label={t('observations.schedule.rubric')}
          rules={required(t('observations.schedule.rubric'))}
        >
          <Select
            loading={rubrics.isPending}
            data-testid="schedule-rubric"
            options={(rubrics.data ?? []).map((rubric) => ({
              value: rubric.id,
              label: `${rubric.name} · v${rubric.currentVersion}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="observerIds"
          label={t('observations.schedule.observers')}
          rules={required(t('observations.schedule.observers'))}
        >
          <ObserverPicker excludeId={teacherId ?? me.data?.id} />
        </Form.Item>
        {plan && (
          <Typography.Text type="secondary">
            {plan.subject} · {plan.grade} · {plan.lesson}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  )
}
