import { App, Button, Checkbox, Segmented, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  ObservationInfo,
  ObserverSheet,
} from '../../../../shared/observations/observationApi.ts'
import type { RubricItem } from '../../../../shared/observations/rubric.ts'
import { itemScore } from '../../../../shared/observations/scoring.ts'
import { apiErrorMessage } from '../../api/errorMessage.ts'
import { usePickPointsMutation } from './api.ts'
import { oneDecimal } from './format.ts'
import type { SheetChange } from './sheetChanges.ts'

/** Who (other than the caller) picked each LICC point: point key → their label. */
function takenPoints(info: ObservationInfo, myPoints: string[]): Map<string, string> {
  const taken = new Map<string, string>()
  for (const observer of info.observers) {
    for (const point of observer.points) {
      if (!myPoints.includes(point)) taken.set(point, observer.label)
    }
  }
  return taken
}

/** LICC mode, before class: the caller picks observation points; taken ones are shown as taken. */
export function PointsPicker({
  info,
  myPoints,
  readOnly,
}: {
  info: ObservationInfo
  myPoints: string[]
  readOnly: boolean
}) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const pick = usePickPointsMutation(info.id)
  const [chosen, setChosen] = useState<string[] | null>(null)
  const value = chosen ?? myPoints
  const taken = takenPoints(info, myPoints)
  const save = async () => {
    try {
      await pick.mutateAsync(value)
      setChosen(null)
      message.success(t('observations.sheet.pointsSaved', { count: value.length }))
    } catch (error) {
      message.error(t('observations.failed', { message: apiErrorMessage(t, error) }))
    }
  }
  return (
    <div className="sheet-points" data-testid="points-picker">
      <Typography.Paragraph type="secondary">
        {t('observations.sheet.pickHint')}
      </Typography.Paragraph>
      {info.rubric.items.map((item) => (
        <div key={item.key} className="sheet-points-item">
          <Typography.Text strong>{item.name}</Typography.Text>
          <div className="sheet-points-list">
            {item.points.map((point) => {
              const by = taken.get(point.key)
              return (
                <div key={point.key} data-testid="point-pick" data-point={point.key}>
                  <Checkbox
                    checked={value.includes(point.key)}
                    disabled={readOnly || by !== undefined}
                    onChange={(event) =>
                      setChosen(
                        event.target.checked
                          ? [...value, point.key]
                          : value.filter((key) => key !== point.key),
                      )
                    }
                  >
                    {point.text}
                    {by !== undefined && (
                      <Tag className="sheet-taken">
                        {t('observations.sheet.takenBy', { name: by })}
                      </Tag>
                    )}
                  </Checkbox>
                </div>
              )
            })}
          </div>
        </div>
      ))}
      {!readOnly && (
        <Button
          type="primary"
          disabled={chosen === null}
          loading={pick.isPending}
          onClick={() => void save()}
          data-testid="points-save"
        >
          {t('observations.sheet.savePoints')}
        </Button>
      )}
    </div>
  )
}

/** One item with its points, each scored on the rubric's scale (segmented 优/良/中/差). */
function ItemScores({
  info,
  item,
  sheet,
  visiblePoints,
  readOnly,
  onChange,
}: {
  info: ObservationInfo
  item: RubricItem
  sheet: ObserverSheet
  visiblePoints: Set<string> | null
  readOnly: boolean
  onChange: (change: SheetChange) => void
}) {
  const score = itemScore(info.rubric, item, sheet.scores)
  const points = item.points.filter(
    (point) => visiblePoints === null || visiblePoints.has(point.key),
  )
  if (points.length === 0) return null
  return (
    <div className="sheet-item" data-testid="score-item" data-item={item.key}>
      <div className="sheet-item-head">
        <Typography.Text strong>{item.name}</Typography.Text>
        <Typography.Text type="secondary">
          {score.score === null ? '—' : oneDecimal(score.score)} / {item.weight}
        </Typography.Text>
      </div>
      {points.map((point) => (
        <div key={point.key} className="sheet-point">
          <div className="sheet-point-text">{point.text}</div>
          <Segmented
            block
            size="large"
            disabled={readOnly}
            data-testid="score-point"
            data-point={point.key}
            value={sheet.scores[point.key] ?? null}
            options={info.rubric.scale.map((level) => ({ label: level.label, value: level.value }))}
            onChange={(value) => onChange({ kind: 'score', point: point.key, value })}
          />
        </div>
      ))}
    </div>
  )
}

/** The scores of the sheet: every item's points (LICC: the picked ones) and the bonus items. */
export function SheetScores({
  info,
  sheet,
  myPoints,
  readOnly,
  onChange,
}: {
  info: ObservationInfo
  sheet: ObserverSheet
  /** LICC mode: the points the caller picked. */
  myPoints: string[]
  readOnly: boolean
  onChange: (change: SheetChange) => void
}) {
  const { t } = useTranslation()
  const viewpoints = info.rubric.mode === 'viewpoints'
  const visible = viewpoints ? new Set(myPoints) : null
  return (
    <div className="sheet-scores">
      {viewpoints && myPoints.length === 0 && (
        <Typography.Paragraph type="secondary">
          {t('observations.sheet.noPoints')}
        </Typography.Paragraph>
      )}
      {info.rubric.items.map((item) => (
        <ItemScores
          key={item.key}
          info={info}
          item={item}
          sheet={sheet}
          visiblePoints={visible}
          readOnly={readOnly}
          onChange={onChange}
        />
      ))}
      {info.rubric.bonus.length > 0 && (
        <div className="sheet-item" data-testid="bonus">
          <div className="sheet-item-head">
            <Typography.Text strong>{t('observations.sheet.bonus')}</Typography.Text>
            <Typography.Text type="secondary">
              {t('observations.sheet.bonusCap', { cap: info.rubric.bonusCap })}
            </Typography.Text>
          </div>
          {info.rubric.bonus.map((bonus) => (
            <div key={bonus.key} className="sheet-point">
              <div className="sheet-point-text">
                <Space size={6}>
                  <span>{bonus.name}</span>
                  <Typography.Text type="secondary">
                    {t('observations.sheet.bonusMax', { max: bonus.max })}
                  </Typography.Text>
                </Space>
                <div>{bonus.text}</div>
              </div>
              <Segmented
                block
                size="large"
                disabled={readOnly}
                data-testid="bonus-value"
                value={sheet.bonus[bonus.key] ?? 0}
                options={Array.from({ length: bonus.max + 1 }, (_, value) => ({
                  label: String(value),
                  value,
                }))}
                onChange={(value) =>
                  onChange({ kind: 'bonus', key: bonus.key, value: value === 0 ? null : value })
                }
              />
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
