import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  CreateRubricBody,
  NewRubricVersionBody,
  RubricDetail,
  RubricListResponse,
  RubricVersionDetail,
} from '../../../../../shared/observations/observationApi.ts'
import { observationKeys, observationRequest } from '../../observations/index.ts'

/** The query keys of the rubric pages (the list shares the 听评课 key, so both refresh together). */
export const rubricKeys = {
  list: () => observationKeys.rubrics(),
  detail: (id: string) => [...observationKeys.rubrics(), 'detail', id] as const,
  version: (id: string, versionId: string) =>
    [...observationKeys.rubrics(), 'version', id, versionId] as const,
}

/** Every rubric of the alliance (fresh on each visit of the admin page). */
export function useRubricList() {
  return useQuery({
    queryKey: rubricKeys.list(),
    queryFn: async () =>
      (await observationRequest<RubricListResponse>('GET', '/api/rubrics')).rubrics,
  })
}

/** One rubric: its current definition and the summary of every version. */
export function useRubricDetail(id: string | undefined) {
  return useQuery({
    queryKey: rubricKeys.detail(id ?? ''),
    enabled: id !== undefined,
    queryFn: () =>
      observationRequest<RubricDetail>('GET', `/api/rubrics/${encodeURIComponent(id ?? '')}`),
  })
}

/** One version of a rubric with its definition (to read an older one). */
export function useRubricVersion(id: string | undefined, versionId: string | undefined) {
  return useQuery({
    queryKey: rubricKeys.version(id ?? '', versionId ?? ''),
    enabled: id !== undefined && versionId !== undefined,
    queryFn: () =>
      observationRequest<RubricVersionDetail>(
        'GET',
        `/api/rubrics/${encodeURIComponent(id ?? '')}/versions/${encodeURIComponent(versionId ?? '')}`,
      ),
  })
}

/** Creates a rubric (its version 1). */
export function useCreateRubric() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateRubricBody) =>
      observationRequest<RubricDetail>('POST', '/api/rubrics', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: observationKeys.rubrics() }),
  })
}

/** Saves a new current version of a rubric (earlier versions stay as they are). */
export function useNewRubricVersion(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: NewRubricVersionBody) =>
      observationRequest<RubricDetail>(
        'POST',
        `/api/rubrics/${encodeURIComponent(id)}/versions`,
        body,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: observationKeys.rubrics() }),
  })
}
