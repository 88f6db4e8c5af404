import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'
import {
  DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT,
  DEFAULT_MAX_CONNECTIONS_PER_USER,
  DOCUMENTS_PER_DAY,
  DOCUMENTS_PER_HOUR,
} from '../../shared/limits.ts'

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({})
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      logLevel: 'info',
      unloadGraceMs: 30_000,
      clientDir: path.resolve('./dist/client'),
      allowedOrigins: [],
      trustProxy: false,
      seedDemo: true,
      maxConnectionsPerUser: DEFAULT_MAX_CONNECTIONS_PER_USER,
      maxConnectionsPerDocument: DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT,
      documentsPerHour: DOCUMENTS_PER_HOUR,
      documentsPerDay: DOCUMENTS_PER_DAY,
    })
  })

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: '/tmp/jibei-data',
      LOG_LEVEL: 'warn',
      DOC_UNLOAD_GRACE_MS: '500',
      ALLOWED_ORIGINS: 'https://jibei.example.edu.cn/, http://localhost:5173',
      TRUST_PROXY: '1',
      JIBEI_SEED: 'none',
      MAX_CONNECTIONS_PER_USER: '500',
      MAX_CONNECTIONS_PER_DOCUMENT: '2000',
      DOCUMENTS_PER_HOUR: '600',
      DOCUMENTS_PER_DAY: '5000',
    })
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/tmp/jibei-data',
      logLevel: 'warn',
      unloadGraceMs: 500,
      allowedOrigins: ['https://jibei.example.edu.cn', 'http://localhost:5173'],
      trustProxy: true,
      seedDemo: false,
      maxConnectionsPerUser: 500,
      maxConnectionsPerDocument: 2000,
      documentsPerHour: 600,
      documentsPerDay: 5000,
    })
  })

  it('rejects bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
    expect(() => loadConfig({ DOC_UNLOAD_GRACE_MS: '-1' })).toThrow(/DOC_UNLOAD_GRACE_MS/)
    expect(() => loadConfig({ DOCUMENTS_PER_HOUR: '0' })).toThrow(/DOCUMENTS_PER_HOUR/)
  })

  it('reads the scale-out settings, and leaves them out when unset (SQLite, no Redis)', () => {
    expect(loadConfig({})).not.toHaveProperty('databaseUrl')
    expect(loadConfig({ DATABASE_URL: '  ', REDIS_URL: '' })).not.toHaveProperty('redisUrl')
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://jibei:secret@db.internal:5432/jibei',
        DATABASE_SCHEMA: 'alliance_a',
        REDIS_URL: 'redis://cache.internal:6379/2',
        REDIS_PREFIX: 'alliance-a:',
      }),
    ).toMatchObject({
      databaseUrl: 'postgres://jibei:secret@db.internal:5432/jibei',
      databaseSchema: 'alliance_a',
      redisUrl: 'redis://cache.internal:6379/2',
      redisPrefix: 'alliance-a:',
    })
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ DATABASE_SCHEMA: 'Drop table;' })).toThrow(/DATABASE_SCHEMA/)
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/)
  })
})
