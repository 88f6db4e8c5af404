import { useServerHealth } from './useServerHealth.ts'

const STATUS_TEXT = {
  checking: '正在连接服务器…',
  ok: '服务器运行正常',
  unreachable: '无法连接服务器，请稍后重试',
} as const

/** The start page until the lesson-plan editor lands: product name and server status. */
export function App() {
  const health = useServerHealth()
  return (
    <main className="start">
      <h1>
        集备 <span className="latin">Jibei</span>
      </h1>
      <p className="tagline">教联体协同备课平台 · Collaborative lesson preparation</p>
      <p className={`status status-${health}`} data-testid="server-status" data-state={health}>
        {STATUS_TEXT[health]}
      </p>
    </main>
  )
}
