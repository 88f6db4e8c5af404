import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  ObservationGroupSettings,
  ObservationInfo,
  ObservationListResponse,
  ObservationReport,
  ObservationScope,
  ObserverCandidatesResponse,
  ObserverSheet,
  ReviewMeetingStarted,
  RubricListResponse,
  ScheduleObservationBody,
  StartReviewMeetingBody,
  SuggestionSent,
} from '../../../../shared/observations/observationApi.ts'
import { ApiError } from '../../api/ApiError.ts'

/** The query keys of 听评课: lists per scope, one observation, its sheet, its report, rubrics. */
export const observationKeys = {
  all: ['observations'] as const,
  lists: () => [...observationKeys.all, 'list'] as const,
  list: (scope: ObservationScope, groupId?: string) =>
    [...observationKeys.lists(), scope, groupId ?? null] as const,
  detail: (id: string) => [...observationKeys.all, 'detail', id] as const,
  sheet: (id: string) => [...observationKeys.all, 'sheet', id] as const,
  report: (id: string) => [...observationKeys.all, 'report', id] as const,
  rubrics: () => [...observationKeys.all, 'rubrics'] as const,
  candidates: (q: string) => [...observationKeys.all, 'candidates', q] as const,
  settings: (groupId: string) => [...observationKeys.all, 'settings', groupId] as const,
}

/**
 * One JSON request to the 听评课 API; resolves to the answer or throws ApiError (status 0 when
 * the server cannot be reached). Plain fetch with the shared contract's types, because the
 * outbox replays requests by path and body.
 */
export async function observationRequest<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached')
  }
  const json = (await response.json().catch(() => null)) as
    | (T & { ok?: boolean; error?: string; message?: string })
    | null
  if (!response.ok || json === null || json.ok === false) {
    throw new ApiError(response.status, json?.error ?? 'unknown', json?.message ?? 'Request failed')
  }
  return json
}

/** The API path of one observation (and of what lies under it). */
export function observationPath(id: string, rest = ''): string {
  return `/api/observations/${encodeURIComponent(id)}${rest}`
}

/** Do not retry answers the server gave (a 403 or 404 stays one); retry network failures twice. */
function retryNetwork(count: number, error: unknown): boolean {
  return !(error instanceof ApiError && error.status > 0) && count < 2
}

/** The observations of one list: mine to do, of my lessons, or of a group I lead. */
export function useObservationList(scope: ObservationScope, groupId?: string) {
  return useQuery({
    queryKey: observationKeys.list(scope, groupId),
    enabled: scope !== 'group' || Boolean(groupId),
    retry: retryNetwork,
    queryFn: async () => {
      const query = new URLSearchParams({ scope })
      if (groupId) query.set('groupId', groupId)
      return (
        await observationRequest<ObservationListResponse>('GET', `/api/observations?${query}`)
      ).observations
    },
  })
}

/** One observation (its pinned steps, rubric and observers, and what the caller is to it). */
export function useObservation(id: string) {
  return useQuery({
    queryKey: observationKeys.detail(id),
    retry: retryNetwork,
    queryFn: () => observationRequest<ObservationInfo>('GET', observationPath(id)),
  })
}

/** The report of an observation (live for the lead while it is open). */
export function useObservationReport(id: string, enabled = true) {
  return useQuery({
    queryKey: observationKeys.report(id),
    enabled,
    retry: retryNetwork,
    queryFn: () => observationRequest<ObservationReport>('GET', observationPath(id, '/report')),
  })
}

/** The rubrics of the alliance. */
export function useRubrics(enabled = true) {
  return useQuery({
    queryKey: observationKeys.rubrics(),
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      (await observationRequest<RubricListResponse>('GET', '/api/rubrics')).rubrics,
  })
}

/** Teachers of any school of the alliance whose name contains `q`, to pick observers. */
export function useObserverCandidates(q: string, enabled = true) {
  return useQuery({
    queryKey: observationKeys.candidates(q),
    enabled,
    staleTime: 60_000,
    queryFn: async () =>
      (
        await observationRequest<ObserverCandidatesResponse>(
          'GET',
          `/api/observations/candidates?${new URLSearchParams({ q })}`,
        )
      ).people,
  })
}

/** The group's 听评课 settings (whether the observed teacher sees observers' names). */
export function useObservationSettings(groupId: string | null) {
  return useQuery({
    queryKey: observationKeys.settings(groupId ?? ''),
    enabled: Boolean(groupId),
    retry: retryNetwork,
    queryFn: () =>
      observationRequest<ObservationGroupSettings>(
        'GET',
        `/api/observations/settings/${encodeURIComponent(groupId ?? '')}`,
      ),
  })
}

/** Changes the group's 听评课 settings. */
export function useSaveObservationSettingsMutation(groupId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (settings: ObservationGroupSettings) =>
      observationRequest<ObservationGroupSettings>(
        'PUT',
        `/api/observations/settings/${encodeURIComponent(groupId)}`,
        settings,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: observationKeys.all }),
  })
}

/** Schedules an observation; resolves to it. */
export function useScheduleObservationMutation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ScheduleObservationBody) =>
      observationRequest<ObservationInfo>('POST', '/api/observations', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: observationKeys.lists() }),
  })
}

/** Closes an observation (the sheets become final and the report is out). */
export function useCloseObservationMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => observationRequest<ObservationInfo>('POST', observationPath(id, '/close')),
    onSuccess: (info) => {
      queryClient.setQueryData(observationKeys.detail(id), info)
      return queryClient.invalidateQueries({ queryKey: observationKeys.all })
    },
  })
}

/** Picks the caller's LICC observation points (replacing their earlier pick). */
export function usePickPointsMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (points: string[]) =>
      observationRequest<ObservationInfo>('PUT', observationPath(id, '/points'), { points }),
    onSuccess: (info) => queryClient.setQueryData(observationKeys.detail(id), info),
    onError: () => queryClient.invalidateQueries({ queryKey: observationKeys.detail(id) }),
  })
}

/** Starts the 评课 meeting from the report; resolves to the new meeting. */
export function useStartReviewMeetingMutation(id: string) {
  return useMutation({
    mutationFn: (body: StartReviewMeetingBody = {}) =>
      observationRequest<ReviewMeetingStarted>('POST', observationPath(id, '/meeting'), body),
  })
}

/** Sends one suggestion as a comment thread onto its 教学过程 step of the plan. */
export function useSendSuggestionMutation(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (suggestionId: string) =>
      observationRequest<SuggestionSent>(
        'POST',
        observationPath(id, `/suggestions/${encodeURIComponent(suggestionId)}/comment`),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: observationKeys.report(id) }),
  })
}

/** Reads the caller's own sheet from the server. */
export function fetchSheet(id: string): Promise<ObserverSheet> {
  return observationRequest<ObserverSheet>('GET', observationPath(id, '/sheet'))
}
