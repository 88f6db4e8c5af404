/**
 * Term binder jobs: the row in `binder_jobs` is the job (any instance behind the load
 * balancer answers its progress), the build runs on the instance that accepted it, and the
 * finished file is written to `<DATA_DIR>/binders/<id>.docx` (shared like the uploads).
 * A person's earlier binders are removed when they start a new one; every binder is removed
 * a day after it was requested.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { BinderJobRow } from '../../../db/schema.ts'
import type { Logger } from '../../../logger.ts'
import type { AccessSubject } from '../../documents/index.ts'
import { newId } from '../../identity/index.ts'
import { beijingDate, safeName } from '../docx/planExportData.ts'
import {
  type BinderPlan,
  type BinderSources,
  binderCover,
  binderPlanRows,
  loadBinderPlan,
} from './binderData.ts'
import { BINDER_TITLE, buildBinderDocx } from './binderDocx.ts'

/** How long a binder is kept after it was requested. */
export const BINDER_TTL_MS = 24 * 60 * 60 * 1000

/** How often old binders are looked for. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000

/** A running job not touched for this long died with its instance: it reads as failed. */
export const STALE_JOB_MS = 10 * 60 * 1000

/** What the jobs need: the stores the binder is read from and the folder files go to. */
export interface BinderJobsOptions extends BinderSources {
  /** `<DATA_DIR>/binders`. */
  dir: string
  log: Logger
}

/** A job as the API shows it. */
export interface BinderJobStatus {
  id: string
  status: 'running' | 'done' | 'failed'
  done: number
  total: number
  fileName: string
  error?: string
}

/** The binder's file name: 学期备课册-<group>-<term>.docx. */
export function binderFileName(groupName: string, term: string): string {
  return `${[BINDER_TITLE, safeName(groupName), safeName(term)].filter((p) => p !== '').join('-')}.docx`
}

/** The status of a job row at `now` (a stale running job reads as failed). */
export function jobStatus(row: BinderJobRow, now: number): BinderJobStatus {
  const stale = row.status === 'running' && now - row.updatedAt > STALE_JOB_MS
  const status = stale ? 'failed' : row.status
  const error = stale ? 'The build stopped (the server restarted): start it again' : row.error
  return {
    id: row.id,
    status,
    done: row.done,
    total: row.total,
    fileName: row.fileName,
    ...(error ? { error } : {}),
  }
}

/** Starts binder builds, answers their progress and keeps their files tidy. */
export class BinderJobs {
  private readonly running = new Set<Promise<void>>()
  private readonly sweeper: NodeJS.Timeout

  constructor(private readonly options: BinderJobsOptions) {
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) =>
        options.log.warn({ err: error }, 'removing old binders failed'),
      )
    }, SWEEP_INTERVAL_MS)
    this.sweeper.unref()
  }

  /**
   * Removes the binders requested more than a day ago (rows and files), and files of the
   * folder older than that whose row is gone (a build cut short by a crash).
   */
  async sweep(now = Date.now()): Promise<void> {
    const { kdb, dir } = this.options
    await this.remove(
      kdb
        .selectFrom('binderJobs')
        .select('id')
        .where('createdAt', '<', now - BINDER_TTL_MS),
    )
    const names = await fs.readdir(dir).catch(() => [])
    for (const name of names) {
      const file = path.join(dir, name)
      const stat = await fs.stat(file).catch(() => null)
      if (stat && stat.mtimeMs < now - BINDER_TTL_MS) await fs.rm(file, { force: true })
    }
  }

  /** Where a job's file is. */
  filePath(jobId: string): string {
    return path.join(this.options.dir, `${jobId}.docx`)
  }

  /** Loads a job row (undefined when unknown). */
  load(jobId: string): Promise<BinderJobRow | undefined> {
    return this.options.kdb
      .selectFrom('binderJobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirst()
  }

  /**
   * Records a new job for the group and term and starts building it in the background;
   * the requester's earlier binders and every expired one are removed first.
   */
  async start(subject: AccessSubject, groupId: string, term: string): Promise<string> {
    const { kdb } = this.options
    await this.remove(
      kdb
        .selectFrom('binderJobs')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('requestedBy', '=', subject.user.id),
            eb('createdAt', '<', Date.now() - BINDER_TTL_MS),
          ]),
        ),
    )
    const cover = await binderCover(kdb, groupId)
    const id = newId()
    const now = Date.now()
    await kdb
      .insertInto('binderJobs')
      .values({
        id,
        groupId,
        term,
        requestedBy: subject.user.id,
        status: 'running',
        done: 0,
        total: 0,
        fileName: binderFileName(cover.groupName, term),
        error: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    const build = this.build(id, subject, groupId).catch(async (error: unknown) => {
      this.options.log.error({ err: error, jobId: id }, 'building a binder failed')
      await this.update(id, { status: 'failed', error: 'The binder could not be built' }).catch(
        () => {},
      )
    })
    this.running.add(build)
    void build.finally(() => this.running.delete(build))
    return id
  }

  /** Waits for the builds under way (on shutdown). */
  async close(): Promise<void> {
    clearInterval(this.sweeper)
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  private async build(id: string, subject: AccessSubject, groupId: string): Promise<void> {
    const { kdb } = this.options
    const rows = await binderPlanRows(kdb, subject, groupId)
    await this.update(id, { total: rows.length })
    const plans: BinderPlan[] = []
    for (const row of rows) {
      plans.push(await loadBinderPlan(this.options, subject, row))
      await this.update(id, { done: plans.length })
    }
    const bytes = await buildBinderDocx(
      await binderCover(kdb, groupId),
      plans,
      beijingDate(Date.now()),
    )
    await fs.mkdir(this.options.dir, { recursive: true })
    const file = this.filePath(id)
    await fs.writeFile(`${file}.part`, bytes)
    await fs.rename(`${file}.part`, file)
    const updated = await this.update(id, { status: 'done' })
    // Removed while it was built (the requester started another): its file goes too.
    if (!updated) await fs.rm(file, { force: true })
  }

  private async update(
    id: string,
    changes: Partial<Pick<BinderJobRow, 'status' | 'done' | 'total' | 'error'>>,
  ): Promise<boolean> {
    const result = await this.options.kdb
      .updateTable('binderJobs')
      .set({ ...changes, updatedAt: Date.now() })
      .where('id', '=', id)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  private async remove(query: { execute(): Promise<Array<{ id: string }>> }): Promise<void> {
    const ids = (await query.execute()).map((row) => row.id)
    if (ids.length === 0) return
    await this.options.kdb.deleteFrom('binderJobs').where('id', 'in', ids).execute()
    for (const id of ids) await fs.rm(this.filePath(id), { force: true })
  }
}
