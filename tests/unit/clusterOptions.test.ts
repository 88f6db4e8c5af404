import { describe, expect, it } from 'vitest'
import {
  ClusterOptionsError,
  parseClusterOptions,
  wantsHelp,
} from '../../server/cluster/clusterOptions.ts'

const SCALE_OUT = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
}

describe('parseClusterOptions', () => {
  it('defaults to two instances from port 3000', () => {
    expect(parseClusterOptions([], SCALE_OUT)).toEqual({ instances: 2, basePort: 3000 })
  })

  it('reads PORT and CLUSTER_INSTANCES', () => {
    expect(parseClusterOptions([], { ...SCALE_OUT, PORT: '3300', CLUSTER_INSTANCES: '4' })).toEqual(
      { instances: 4, basePort: 3300 },
    )
  })

  it('prefers --instances N and --instances=N over CLUSTER_INSTANCES', () => {
    const env = { ...SCALE_OUT, CLUSTER_INSTANCES: '4' }
    expect(parseClusterOptions(['--instances', '3'], env).instances).toBe(3)
    expect(parseClusterOptions(['--instances=5'], env).instances).toBe(5)
  })

  it('accepts postgresql:// and rediss:// URLs', () => {
    const env = { DATABASE_URL: 'postgresql://db/jibei', REDIS_URL: 'rediss://cache:6380' }
    expect(parseClusterOptions([], env).instances).toBe(2)
  })

  it.each([
    [{}, /DATABASE_URL must be set/],
    [{ REDIS_URL: SCALE_OUT.REDIS_URL }, /DATABASE_URL must be set.*SQLite/],
    [{ DATABASE_URL: SCALE_OUT.DATABASE_URL }, /REDIS_URL must be set/],
    [{ ...SCALE_OUT, DATABASE_URL: 'file:./data/jibei.sqlite' }, /DATABASE_URL/],
    [{ ...SCALE_OUT, REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
  ])('refuses to start without PostgreSQL and Redis (%o)', (env, message) => {
    expect(() => parseClusterOptions([], env)).toThrow(message)
  })

  it.each([
    [[], { CLUSTER_INSTANCES: '0' }, /from 1 to 64/],
    [['--instances', 'two'], {}, /from 1 to 64, got "two"/],
    [['--instances=65'], {}, /from 1 to 64/],
    [['--instances'], {}, /needs a number/],
    [['--instances', '--verbose'], {}, /needs a number/],
    [['--verbose'], {}, /Unknown argument "--verbose"/],
    [[], { PORT: '0' }, /PORT must be an integer from 1 to 65535/],
    [[], { PORT: '3000.5' }, /PORT must be/],
    [[], { PORT: '65535' }, /beyond port 65535/],
  ])('rejects %o with %o', (argv, env, message) => {
    expect(() => parseClusterOptions(argv, { ...SCALE_OUT, ...env })).toThrow(ClusterOptionsError)
    expect(() => parseClusterOptions(argv, { ...SCALE_OUT, ...env })).toThrow(message)
  })

  it('lets the last instance use port 65535', () => {
    expect(parseClusterOptions([], { ...SCALE_OUT, PORT: '65534' }).basePort).toBe(65534)
  })
})

describe('wantsHelp', () => {
  it('recognises --help and -h', () => {
    expect(wantsHelp(['--help'])).toBe(true)
    expect(wantsHelp(['--instances', '2', '-h'])).toBe(true)
    expect(wantsHelp(['--instances', '2'])).toBe(false)
  })
})
