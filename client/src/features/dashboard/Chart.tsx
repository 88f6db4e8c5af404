import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import { type ECElementEvent, type ECharts, type EChartsCoreOption, init, use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// Only the parts the dashboard draws, so the bundle stays small.
use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
])

/** The parts of an ECharts click the dashboard reads. */
export interface ChartClick {
  seriesIndex: number
  dataIndex: number
  name: string
  value: unknown
}

interface ChartProps {
  option: EChartsCoreOption
  /** Called with the clicked item (a bar, a point, a heat-map cell). */
  onClick?: (click: ChartClick) => void
  height: number
  /** What the chart shows, for screen readers. */
  label: string
  testId?: string
}

/** An ECharts chart (SVG) that follows its container's width. */
export function Chart({ option, onClick, height, label, testId }: ChartProps) {
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)
  const clickRef = useRef(onClick)
  clickRef.current = onClick

  useEffect(() => {
    const element = container.current
    if (!element) return
    const instance = init(element, undefined, { renderer: 'svg' })
    chart.current = instance
    instance.on('click', (event: ECElementEvent) => {
      clickRef.current?.({
        seriesIndex: event.seriesIndex ?? 0,
        dataIndex: event.dataIndex,
        name: event.name,
        value: event.value,
      })
    })
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    // No animation: figures read at once, and screenshots and slow machines see the end state.
    chart.current?.setOption({ animation: false, ...option }, true)
  }, [option])

  return (
    <div
      ref={container}
      className={onClick ? 'dashboard-chart dashboard-chart-clickable' : 'dashboard-chart'}
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  )
}

/**
 * A category x axis that shows every label (schools, stages), tilted and cut short when there
 * are many, so a 390 px screen still reads them.
 */
export function categoryAxis(labels: string[]) {
  const many = labels.length > 3
  return {
    type: 'category',
    data: labels,
    axisLabel: {
      interval: 0,
      rotate: many ? 30 : 0,
      width: 84,
      overflow: 'truncate',
      hideOverlap: true,
    },
  }
}
