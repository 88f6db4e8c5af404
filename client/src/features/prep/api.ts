import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { DocumentStatus } from '../../../../shared/domain.ts'
import { call, client } from '../../api/client.ts'
import { documentKeys } from '../documents/index.ts'
import { startMeeting } from '../meetings/index.ts'
import { notificationKeys } from '../notifications/index.ts'

/** The query keys of collective preparation: tasks per group, and per plan its life cycle. */
export const prepKeys = {
  all: ['prep'] as const,
  tasks: (groupId: string | undefined) => [...prepKeys.all, 'tasks', groupId] as const,
  lifecycle: (documentId: string) => [...prepKeys.all, 'lifecycle', documentId] as const,
  comparison: (documentId: string) => [...prepKeys.all, 'comparison', documentId] as const,
  reflections: (documentId: string) => [...prepKeys.all, 'reflections', documentId] as const,
}

/** The life-cycle facts of a plan and what the caller may do next. */
export function useLifecycle(documentId: string) {
  return useQuery({
    queryKey: prepKeys.lifecycle(documentId),
    queryFn: async () =>
      (await call(client.documents[':id'].lifecycle.$get({ param: { id: documentId } }))).lifecycle,
  })
}

/** The comparison of a 个案 with its common plan (only fetched when `enabled`). */
export function useComparison(documentId: string, enabled: boolean) {
  return useQuery({
    queryKey: prepKeys.comparison(documentId),
    queryFn: async () =>
      call(client.documents[':id'].comparison.$get({ param: { id: documentId } })),
    enabled,
    refetchOnWindowFocus: true,
  })
}

/** The reflections recorded on a plan. */
export function useReflections(documentId: string) {
  return useQuery({
    queryKey: prepKeys.reflections(documentId),
    queryFn: async () =>
      (await call(client.documents[':id'].reflections.$get({ param: { id: documentId } }))).items,
  })
}

/** The preparation tasks (term schedule) of a group. */
export function useGroupTasks(groupId: string | undefined) {
  return useQuery({
    queryKey: prepKeys.tasks(groupId),
    queryFn: async () =>
      (await call(client.groups[':groupId'].tasks.$get({ param: { groupId: groupId ?? '' } })))
        .items,
    enabled: Boolean(groupId),
  })
}

/** A lesson added to the term schedule (四定: topic, preparer, time). */
export interface NewTaskInput {
  unit: string
  lesson: string
  mainPreparerId: string
  participantIds: string[]
  /** `YYYY-MM-DD`. */
  dueDate: string
  /** Epoch milliseconds, or null when not fixed yet. */
  discussionAt: number | null
}

/** Fetches a group's tasks again once a write to them succeeded. */
function useRefreshTasks(groupId: string | undefined) {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: prepKeys.tasks(groupId) })
}

/** Adds a task to a group's term schedule. */
export function useCreateTaskMutation(groupId: string) {
  const refresh = useRefreshTasks(groupId)
  return useMutation({
    mutationFn: (json: NewTaskInput) =>
      call(client.groups[':groupId'].tasks.$post({ param: { groupId }, json })),
    onSuccess: refresh,
  })
}

/** Changes a task of a group's schedule (only the fields given); refreshes the schedule. */
export function useUpdateTaskMutation(groupId: string | undefined) {
  const refresh = useRefreshTasks(groupId)
  return useMutation({
    mutationFn: (input: { taskId: string; changes: Partial<NewTaskInput> }) =>
      call(
        client.tasks[':taskId'].$patch({ param: { taskId: input.taskId }, json: input.changes }),
      ),
    onSuccess: refresh,
  })
}

/** Creates a task's plan (its main preparer starts drafting); resolves to the plan's id. */
export function useStartDraftingMutation(groupId: string | undefined) {
  const refresh = useRefreshTasks(groupId)
  return useMutation({
    mutationFn: async (taskId: string) =>
      (await call(client.tasks[':taskId'].plan.$post({ param: { taskId } }))).id,
    onSuccess: refresh,
  })
}

/** Starts the meeting (集体研讨) of a task on its plan; resolves to the meeting's id. */
export function useDiscussTaskMutation(groupId: string | undefined) {
  const refresh = useRefreshTasks(groupId)
  return useMutation({
    mutationFn: (input: { taskId: string; documentId: string }) =>
      startMeeting(input.documentId, input.taskId),
    onSuccess: refresh,
  })
}

/** Removes a task from the term schedule. */
export function useRemoveTaskMutation(groupId: string | undefined) {
  const refresh = useRefreshTasks(groupId)
  return useMutation({
    mutationFn: (taskId: string) => call(client.tasks[':taskId'].$delete({ param: { taskId } })),
    onSuccess: refresh,
  })
}

/** After a plan changed stage: its life cycle, its metadata and the notifications again. */
function useRefreshPlanStage(documentId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: prepKeys.lifecycle(documentId) }),
      queryClient.invalidateQueries({ queryKey: documentKeys.detail(documentId) }),
      queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
    ])
}

/** Moves a plan to another stage (submit for discussion, sign off, reopen). */
export function useTransitionMutation(documentId: string) {
  const refresh = useRefreshPlanStage(documentId)
  return useMutation({
    mutationFn: (to: DocumentStatus) =>
      call(client.documents[':id'].transition.$post({ param: { id: documentId }, json: { to } })),
    onSuccess: refresh,
  })
}

/** Creates the caller's 个案 of a signed-off plan for a class; resolves to the new plan. */
export function useDerivePersonalMutation(documentId: string) {
  const refresh = useRefreshPlanStage(documentId)
  return useMutation({
    mutationFn: (className: string) =>
      call(
        client.documents[':id'].personal.$post({ param: { id: documentId }, json: { className } }),
      ),
    onSuccess: refresh,
  })
}

/** A reflection's class, the day it was taught (`YYYY-MM-DD`) and its text. */
export interface ReflectionInput {
  className: string
  taughtOn: string
  text: string
}

/** Adds a reflection to a 个案 (`reflectionId` null) or edits one of the caller's. */
export function useSaveReflectionMutation(documentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ reflectionId, json }: { reflectionId: string | null; json: ReflectionInput }) =>
      reflectionId
        ? call(client.reflections[':id'].$patch({ param: { id: reflectionId }, json }))
        : call(client.documents[':id'].reflections.$post({ param: { id: documentId }, json })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: prepKeys.reflections(documentId) }),
  })
}

/** Brings the common plan's (or library version's) newer changes into a 个案, chosen parts too. */
export function useBringInMutation(documentId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (sections: string[]) =>
      call(
        client.documents[':id']['bring-in'].$post({
          param: { id: documentId },
          json: { sections },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: prepKeys.comparison(documentId) })
      await queryClient.invalidateQueries({ queryKey: prepKeys.lifecycle(documentId) })
    },
  })
}
