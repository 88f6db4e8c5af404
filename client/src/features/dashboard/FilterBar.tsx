import { Button, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import type {
  DashboardFilters,
  DashboardScopeAnswer,
} from '../../../../shared/dashboard/dashboardApi.ts'
import type { DashboardFilterState } from './useDashboardFilters.ts'

interface FilterChoice {
  key: keyof DashboardFilters
  options: Array<{ value: string; label: string }>
}

/** The choices of each filter, from the caller's scope. */
function choicesOf(scope: DashboardScopeAnswer): FilterChoice[] {
  const plain = (values: string[]) => values.map((value) => ({ value, label: value }))
  return [
    { key: 'term', options: plain(scope.terms) },
    {
      key: 'school',
      options: scope.schools.map((school) => ({ value: school.id, label: school.name })),
    },
    {
      key: 'group',
      options: scope.groups.map((group) => ({
        value: group.id,
        label: `${group.name}（${group.term}）`,
      })),
    },
    { key: 'subject', options: plain(scope.subjects) },
    { key: 'grade', options: plain(scope.grades) },
  ]
}

/** The dashboard's filters: term, school, group, subject and grade (selects, keyboard reachable). */
export function FilterBar({
  scope,
  state,
}: {
  scope: DashboardScopeAnswer
  state: DashboardFilterState
}) {
  const { t } = useTranslation()
  const active = Object.keys(state.filters).length > 0
  return (
    <section className="dashboard-filters" aria-label={t('dashboard.filters.label')}>
      {choicesOf(scope).map((choice) => (
        <div key={choice.key} className="dashboard-filter">
          <label htmlFor={`dashboard-filter-${choice.key}`}>
            {t(`dashboard.filters.${choice.key}`)}
          </label>
          <Select
            id={`dashboard-filter-${choice.key}`}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('dashboard.filters.all')}
            value={state.filters[choice.key]}
            options={choice.options}
            onChange={(value: string | undefined) => state.setFilter(choice.key, value)}
            data-testid={`filter-${choice.key}`}
            popupMatchSelectWidth={false}
          />
        </div>
      ))}
      <Button type="link" disabled={!active} onClick={state.clear} data-testid="filter-clear">
        {t('dashboard.filters.clear')}
      </Button>
    </section>
  )
}
