import { Select, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RubricSummary } from '../../../../../shared/observations/observationApi.ts'
import { useCreateRubric, useRubricDetail } from './api.ts'
import { copyDefinition } from './draft.ts'
import { RubricEditor } from './RubricEditor.tsx'

/** Props of {@link CreateRubricDialog}. */
export interface CreateRubricDialogProps {
  rubrics: RubricSummary[]
  /** The rubric to copy from at first. */
  sourceId: string
  onCreated: (id: string, name: string) => void
  onClose: () => void
}

/** A new rubric, started as a copy of an existing one (whose current version is the start). */
export function CreateRubricDialog(props: CreateRubricDialogProps) {
  const { t } = useTranslation()
  const [sourceId, setSourceId] = useState(props.sourceId)
  const source = useRubricDetail(sourceId)
  const create = useCreateRubric()
  const header = (
    <Space className="rubric-editor-row" wrap>
      <Typography.Text>{t('admin.rubrics.editor.copyFrom')}</Typography.Text>
      <Select
        data-testid="rubric-copy-from"
        aria-label={t('admin.rubrics.editor.copyFrom')}
        style={{ minWidth: 240 }}
        value={sourceId}
        onChange={(value) => {
          create.reset()
          setSourceId(value)
        }}
        options={props.rubrics.map((rubric) => ({ value: rubric.id, label: rubric.name }))}
      />
    </Space>
  )
  if (!source.data) return <Spin fullscreen />
  return (
    <RubricEditor
      key={sourceId}
      title={t('admin.rubrics.editor.createTitle')}
      saveLabel={t('admin.rubrics.editor.saveCreate')}
      header={header}
      initial={{
        name: t('admin.rubrics.copyName', { name: source.data.name }),
        description: source.data.description,
        definition: copyDefinition(source.data.definition),
      }}
      saving={create.isPending}
      error={create.error}
      onClose={props.onClose}
      onSave={(draft) =>
        create
          .mutateAsync({
            name: draft.name.trim(),
            description: draft.description.trim(),
            definition: draft.definition,
          })
          .then((created) => props.onCreated(created.id, created.name))
          .catch(() => {})
      }
    />
  )
}
