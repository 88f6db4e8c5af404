import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { JSONContent } from '@tiptap/core'
import type {
  ContributorsResponse,
  CreateVersionBody,
  FillParticipantsResult,
  RestoreBody,
  RestoreResult,
  VersionComparison,
  VersionDetail,
  VersionSummary,
} from '../../../../shared/history/versionApi.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

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

/** The versions of a plan, newest first. */
export function useVersions(documentId: string) {
  return useQuery({
    queryKey: historyKeys.versions(documentId),
    queryFn: async (): Promise<VersionSummary[]> =>
      (await call(client.documents[':id'].versions.$get({ param: { id: documentId } }))).versions,
    retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2,
  })
}

/** One version with the plan's JSON at that version (versions never change: cached for good). */
export function useVersion(documentId: string, versionId: number | null) {
  return useQuery({
    queryKey: historyKeys.version(documentId, versionId ?? -1),
    enabled: versionId !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<VersionDetail> => {
      const { version } = await call(
        client.documents[':id'].versions[':versionId'].$get({
          param: { id: documentId, versionId: String(versionId) },
        }),
      )
      // JSON over the wire loses the editor's content type; the server sent the plan's JSON.
      return { ...version, plan: version.plan as JSONContent }
    },
  })
}

/** Two versions (or a version and the live plan) compared part by part, with authors. */
export function useComparison(documentId: string, target: CompareTarget | null) {
  return useQuery({
    queryKey: historyKeys.compare(documentId, target ?? { from: -1, to: -1 }),
    enabled: target !== null,
    staleTime: target?.to === 'live' ? 0 : Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<VersionComparison> =>
      call(
        client.documents[':id'].compare.$get({
          param: { id: documentId },
          query: { from: String(target?.from), to: String(target?.to) },
        }),
      ),
  })
}

/** Who wrote the live plan: people and schools with their share of its content. */
export function useContributors(documentId: string) {
  return useQuery({
    queryKey: historyKeys.contributors(documentId),
    queryFn: async (): Promise<ContributorsResponse> =>
      call(client.documents[':id'].contributors.$get({ param: { id: documentId } })),
  })
}

/** Saves the live plan as a named version (保存版本); the version list is fetched again. */
export function useCreateVersionMutation(documentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (json: CreateVersionBody): Promise<VersionSummary> =>
      (await call(client.documents[':id'].versions.$post({ param: { id: documentId }, json })))
        .version,
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
    mutationFn: async ({ versionId, ...json }: RestoreRequest): Promise<RestoreResult> =>
      call(
        client.documents[':id'].versions[':versionId'].restore.$post({
          param: { id: documentId, versionId: String(versionId) },
          json,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: historyKeys.all(documentId) }),
  })
}

/** Fills the plan header's 参与教师 from the contributors (editors); the editors see it live. */
export function useFillParticipantsMutation(documentId: string) {
  return useMutation({
    mutationFn: async (): Promise<FillParticipantsResult> =>
      call(client.documents[':id'].contributors.header.$post({ param: { id: documentId } })),
  })
}
