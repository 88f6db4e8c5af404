import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  ContributorsResponse,
  CreateVersionBody,
  RestoreBody,
  RestoreResult,
  VersionComparison,
  VersionDetail,
  VersionListResponse,
  VersionSummary,
} from '../../../../shared/history/versionApi.ts'
import { ApiError } from '../../api/ApiError.ts'

/** What a comparison compares: two versions, or a version with the live plan. */
export interface CompareTarget {
  from: number
  to: number | 'live'
}

/** The query keys of a plan's history: versions, one version, comparisons, contributors. */
export const historyKeys = {
  all: (documentId: string) => ['history', documentId] as const,
  versions: (documentId: string) => [...historyKeys.all(documentId), 'versions'] as const,
  version: (documentId: string, versionId: number) =>
    [...historyKeys.all(documentId), 'version', versionId] as const,
  compare: (documentId: string, target: CompareTarget) =>
    [...historyKeys.all(documentId), 'compare', target.from, target.to] as const,
  contributors: (documentId: string) => [...historyKeys.all(documentId), 'contributors'] as const,
}

/**
 * One JSON request to the history API, or an ApiError (status 0 when unreachable). The history
 * routes are typed by shared/history/versionApi.ts, which both sides use.
 */
async function requestJson<T>(path: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
  let response: Response
  try {
    response = await fetch(`/api/documents/${path}`, {
      credentials: 'same-origin',
      method: init?.method ?? 'GET',
      headers: init ? { 'content-type': 'application/json' } : undefined,
      body: init ? JSON.stringify(init.body) : undefined,
    })
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached')
  }
  const body = (await response.json().catch(() => null)) as
    | (T & { ok?: boolean; error?: string; message?: string })
    | null
  if (!response.ok || body === null || body.ok === false) {
    throw new ApiError(response.status, body?.error ?? 'unknown', body?.message ?? 'Request failed')
  }
  return body
}

/** The versions of a plan, newest first. */
export function useVersions(documentId: string) {
  return useQuery({
    queryKey: historyKeys.versions(documentId),
    queryFn: async () =>
      (await requestJson<VersionListResponse>(`${encodeURIComponent(documentId)}/versions`))
        .versions,
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}

/** One version with the plan's JSON at that version (versions never change: cached for good). */
export function useVersion(documentId: string, versionId: number | null) {
  return useQuery({
    queryKey: historyKeys.version(documentId, versionId ?? -1),
    enabled: versionId !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () =>
      requestJson<VersionDetail>(`${encodeURIComponent(documentId)}/versions/${versionId}`),
  })
}

/** Two versions (or a version and the live plan) compared part by part, with authors. */
export function useComparison(documentId: string, target: CompareTarget | null) {
  return useQuery({
    queryKey: historyKeys.compare(documentId, target ?? { from: -1, to: -1 }),
    enabled: target !== null,
    staleTime: target?.to === 'live' ? 0 : Number.POSITIVE_INFINITY,
    queryFn: async () =>
      requestJson<VersionComparison>(
        `${encodeURIComponent(documentId)}/compare?from=${target?.from}&to=${target?.to}`,
      ),
  })
}

/** Who wrote the live plan: people and schools with their share of its content. */
export function useContributors(documentId: string) {
  return useQuery({
    queryKey: historyKeys.contributors(documentId),
    queryFn: async () =>
      requestJson<ContributorsResponse>(`${encodeURIComponent(documentId)}/contributors`),
  })
}

/** Saves the live plan as a named version (保存版本); the version list is fetched again. */
export function useCreateVersionMutation(documentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateVersionBody) =>
      requestJson<VersionSummary>(`${encodeURIComponent(documentId)}/versions`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: historyKeys.all(documentId) }),
  })
}

/** What to restore: a version, and the whole plan, one part or one 教学过程 step of it. */
export interface RestoreRequest extends RestoreBody {
  versionId: number
}

/** Restores a version (or one part or step of it) as a forward edit; the history refreshes. */
export function useRestoreMutation(documentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ versionId, ...body }: RestoreRequest) =>
      requestJson<RestoreResult>(
        `${encodeURIComponent(documentId)}/versions/${versionId}/restore`,
        { method: 'POST', body },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: historyKeys.all(documentId) }),
  })
}
