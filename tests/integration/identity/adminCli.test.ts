import { execFile } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpRequest, login, signIn } from '../../helpers/signIn.ts'
import {
  type BareTestServer,
  databaseEnvOf,
  makeDataDir,
  startBareTestServer,
} from '../../helpers/testServer.ts'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const TSX = path.join(ROOT, 'node_modules/.bin/tsx')

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs `npm run admin -- …`'s script as a child process on `dataDir`'s database. */
function admin(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['server/cli/admin.ts', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          PORT: '4321',
          ...databaseEnvOf(dataDir),
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** The secret of the sign-in link a CLI run printed. */
function linkSecret(run: Run): string {
  const match = run.stdout.match(/http:\/\/localhost:4321\/welcome#([A-Za-z0-9_-]+)/)
  expect(match, run.stdout + run.stderr).not.toBeNull()
  return match?.[1] as string
}

function redeem(server: BareTestServer, token: string, password: string) {
  return httpRequest(server, 'POST', '/api/auth/link', {
    origin: server.httpUrl,
    json: { token, password },
  })
}

let server: BareTestServer
let dataDir: string

beforeAll(async () => {
  dataDir = makeDataDir()
  server = await startBareTestServer({ dataDir })
})

afterAll(async () => {
  await server.close()
})

// Each run starts tsx anew (several seconds on a loaded machine).
describe('the operator CLI', { timeout: 120_000 }, () => {
  it('creates an alliance admin on an empty database and prints a working one-time link', async () => {
    const run = await admin(
      dataDir,
      'create-admin',
      'li.admin',
      '--name',
      '李主任',
      '--school',
      '河西乡中心学校',
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Created the alliance administrator "li.admin"')
    const secret = linkSecret(run)
    expect((await login(server, 'li.admin', 'whatever-password')).status).toBe(401)
    expect((await redeem(server, secret, 'chosen-password')).status).toBe(200)
    const session = await signIn(server, 'li.admin', 'chosen-password')
    const me = await httpRequest(server, 'GET', '/api/me', { cookie: session.cookie })
    expect((me.body as { user: { role: string; displayName: string } }).user).toMatchObject({
      role: 'alliance_admin',
      displayName: '李主任',
    })
    const schools = await server.kdb.selectFrom('schools').select('name').execute()
    expect(schools).toEqual([{ name: '河西乡中心学校' }])
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select(['actorId', 'details'])
      .where('action', '=', 'user_created')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.actorId).toBeNull()
    expect(audit[0]?.details).toContain('"via":"cli"')
  })

  it('resets a password: the old one fails, sessions end, and the printed link works', async () => {
    const before = await signIn(server, 'li.admin', 'chosen-password')
    const run = await admin(dataDir, 'reset-password', 'li.admin')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('existing sessions are signed out')
    expect((await login(server, 'li.admin', 'chosen-password')).status).toBe(401)
    const old = await httpRequest(server, 'GET', '/api/me', { cookie: before.cookie })
    expect(old.status).toBe(401)
    expect((await redeem(server, linkSecret(run), 'newer-password')).status).toBe(200)
    expect((await login(server, 'li.admin', 'newer-password')).status).toBe(200)
  })

  it('promotes an existing account without touching its password', async () => {
    const run = await admin(dataDir, 'create-admin', 'li.admin')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('already is an alliance administrator')
    expect((await login(server, 'li.admin', 'newer-password')).status).toBe(200)
  })

  it('exits with 1 and the usage for an unknown user or command', async () => {
    const [unknownUser, unknownCommand, missing] = await Promise.all([
      admin(dataDir, 'reset-password', 'nobody'),
      admin(dataDir, 'delete-everything'),
      admin(dataDir, 'create-admin'),
    ])
    expect(unknownUser.code).toBe(1)
    expect(unknownUser.stderr).toContain('There is no account "nobody"')
    expect(unknownUser.stderr).toContain('usage: npm run admin')
    expect(unknownCommand.code).toBe(1)
    expect(unknownCommand.stderr).toContain('unknown command')
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe('')
  })
})
