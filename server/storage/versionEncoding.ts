import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { VersionKind } from '../../shared/history/versionApi.ts'
import { VERSION_MILESTONES, type VersionMilestone } from '../../shared/history/versionApi.ts'
import type { DocumentVersionInfo, VersionMeta } from './DocumentStore.ts'

/** How a version's state is stored: a Yjs update, or the same deflated (raw DEFLATE). */
export type VersionEncoding = 'yjs' | 'yjs+deflate'

/**
 * Encodes a version's state for storage: deflated when that is smaller (see bench/RESULTS.md,
 * "Bytes per version": a plan's Yjs state shrinks to about a third), as it is otherwise.
 */
export function encodeVersionState(state: Uint8Array): {
  data: Uint8Array
  encoding: VersionEncoding
} {
  const deflated = deflateRawSync(state)
  return deflated.byteLength < state.byteLength
    ? { data: deflated, encoding: 'yjs+deflate' }
    : { data: state, encoding: 'yjs' }
}

/** The Yjs update a stored version holds. */
export function decodeVersionState(data: Uint8Array, encoding: string): Uint8Array {
  if (encoding === 'yjs+deflate') return new Uint8Array(inflateRawSync(data))
  if (encoding === 'yjs') return data
  throw new Error(`unknown version encoding ${encoding}`)
}

/** A JSON list column as stored (SQLite's json mode parses it, PostgreSQL's text does not). */
export function listColumn(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed.filter((item) => typeof item === 'string') : []
}

/** The columns a version's metadata fills, normalized. */
export function metaColumns(meta: VersionMeta = {}): {
  milestone: VersionMilestone | null
  createdBy: string | null
  editors: string[]
  changedParts: string[]
} {
  return {
    milestone: meta.milestone ?? null,
    createdBy: meta.createdBy ?? null,
    editors: [...(meta.editors ?? [])],
    changedParts: [...(meta.changedParts ?? [])],
  }
}

/** A version row as read from either database, as the store returns it. */
export interface VersionRowFields {
  id: number
  documentId: string
  name: string
  kind: DocumentVersionInfo['kind']
  createdAt: number
  byteLength: number
  milestone: string | null
  createdBy: string | null
  editors: unknown
  changedParts: unknown
  encoding: string
}

function milestoneOf(value: string | null): VersionMilestone | null {
  return VERSION_MILESTONES.find((milestone) => milestone === value) ?? null
}

/** The version info of a row read from the database. */
export function versionInfoOf(row: VersionRowFields): DocumentVersionInfo {
  return {
    id: Number(row.id),
    documentId: row.documentId,
    name: row.name,
    kind: row.kind,
    createdAt: Number(row.createdAt),
    byteLength: Number(row.byteLength),
    milestone: milestoneOf(row.milestone),
    createdBy: row.createdBy,
    editors: listColumn(row.editors),
    changedParts: listColumn(row.changedParts),
    encoding: row.encoding === 'yjs+deflate' ? 'yjs+deflate' : 'yjs',
  }
}

/** A version about to be saved: the bytes and columns to insert, and its info once it has an id. */
export function preparedVersion(
  documentId: string,
  name: string,
  kind: VersionKind,
  state: Uint8Array,
  meta?: VersionMeta,
) {
  const createdAt = Date.now()
  const { data, encoding } = encodeVersionState(state)
  const columns = metaColumns(meta)
  return {
    data,
    encoding,
    columns,
    createdAt,
    info: (id: number): DocumentVersionInfo => ({
      id,
      documentId,
      name,
      kind,
      createdAt,
      byteLength: data.byteLength,
      encoding,
      ...columns,
    }),
  }
}
