import { pathToFileURL } from 'node:url'
import { loadConfig } from '../config.ts'
import { openEngines } from '../db/openEngines.ts'
import {
  createAdminAccount,
  OperatorError,
  type OperatorResult,
  printedOrigin,
  resetAccountPassword,
} from '../features/identity/index.ts'
import { createLogger } from '../logger.ts'

/** The usage line printed with every mistake. */
export const USAGE =
  'usage: npm run admin -- create-admin <username> [--name 显示名] [--school 学校名]\n' +
  '       npm run admin -- reset-password <username>'

/** What a run of the CLI printed and its exit code. */
export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** A parsed command line. */
type Command =
  | { kind: 'create-admin'; username: string; name?: string; school?: string }
  | { kind: 'reset-password'; username: string }

/** Reads `argv` (without node and the script); a string is the error to print. */
function parseArgs(argv: readonly string[]): Command | string {
  const [command, ...rest] = argv
  const positional: string[] = []
  const options = new Map<string, string>()
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] as string
    if (arg === '--name' || arg === '--school') {
      const value = rest[index + 1]
      if (value === undefined || value.trim() === '') return `${arg} needs a value`
      options.set(arg.slice(2), value.trim())
      index++
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`
    } else {
      positional.push(arg)
    }
  }
  if (command === 'create-admin' || command === 'reset-password') {
    const username = positional[0]
    if (!username || positional.length > 1) return `${command} needs exactly one <username>`
    if (command === 'reset-password') {
      if (options.size > 0) return 'reset-password takes no options'
      return { kind: command, username }
    }
    const name = options.get('name')
    const school = options.get('school')
    return {
      kind: command,
      username,
      ...(name ? { name } : {}),
      ...(school ? { school } : {}),
    }
  }
  return command ? `unknown command "${command}"` : 'no command given'
}

function describe(result: OperatorResult): string {
  const until = new Date(result.expiresAt).toISOString().replace('T', ' ').slice(0, 16)
  const done = {
    created: `Created the alliance administrator "${result.username}".`,
    promoted: `"${result.username}" is now an alliance administrator.`,
    already_admin: `"${result.username}" already is an alliance administrator.`,
    reset: `Removed the password of "${result.username}"; existing sessions are signed out and API tokens revoked (browser tabs still open on a running server are closed at their next request or reconnect, not at once).`,
  }[result.outcome]
  return `${done}\nOne-time sign-in link (valid until ${until} UTC; it chooses a new password and works once):\n${result.link}\n`
}

/** Runs the operator CLI against the configured database (DATA_DIR or DATABASE_URL). */
export async function runAdminCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliOutcome> {
  const command = parseArgs(argv)
  if (typeof command === 'string') return { code: 1, stdout: '', stderr: `${command}\n${USAGE}\n` }
  const config = loadConfig(env)
  const origin = printedOrigin(config.publicUrl, 'localhost', config.port)
  const engines = await openEngines(config, createLogger('silent'))
  try {
    const result =
      command.kind === 'create-admin'
        ? await createAdminAccount(
            engines.executor,
            {
              username: command.username,
              ...(command.name ? { displayName: command.name } : {}),
              ...(command.school ? { schoolName: command.school } : {}),
            },
            origin,
          )
        : await resetAccountPassword(engines.executor, command.username, origin)
    return { code: 0, stdout: describe(result), stderr: '' }
  } catch (error) {
    if (error instanceof OperatorError) {
      return { code: 1, stdout: '', stderr: `${error.message}\n${USAGE}\n` }
    }
    throw error
  } finally {
    await engines.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAdminCli(process.argv.slice(2)).then(
    (outcome) => {
      process.stdout.write(outcome.stdout)
      process.stderr.write(outcome.stderr)
      process.exitCode = outcome.code
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
