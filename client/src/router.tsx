import { Spin } from 'antd'
import { Suspense } from 'react'
import { createBrowserRouter, Navigate } from 'react-router'
import { AppLayout } from './components/AppLayout.tsx'
import { NotFoundPage } from './components/ErrorPages.tsx'
import { RequireSignIn } from './components/RequireSignIn.tsx'
import {
  AdminLayout,
  AuditPage,
  ExchangesPage,
  GroupsPage,
  ImportPage,
  RubricsPage,
  SchoolsPage,
  TermsPage,
  UsersPage,
} from './features/admin/index.ts'
import { DashboardPage } from './features/dashboard/index.ts'
import { HomePage, PlanPage } from './features/documents/index.ts'
import { HistoryPage } from './features/history/index.ts'
import { AccountPage, SetupPage, SignInPage, WelcomePage } from './features/identity/index.ts'
import { LibraryEntryPage, LibraryPage, LibraryReviewPage } from './features/library/index.ts'
import { MeetingRoomPage } from './features/meetings/index.ts'
import {
  ObservationEntry,
  ObservationsPage,
  ObserverSheetPage,
  ReportPage,
} from './features/observations/index.ts'
import { TasksPage } from './features/prep/index.ts'

// The editor (Tiptap, Yjs, IndexedDB) loads only when a plan is opened: PlanPage,
// MeetingRoomPage and LibraryEntryPage are lazy components, shown under <Suspense>.
/** The app's routes; a plan's URL is `/plans/<documentId>`. */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/setup', element: <SetupPage /> },
  { path: '/welcome', element: <WelcomePage /> },
  {
    element: (
      <RequireSignIn>
        <AppLayout />
      </RequireSignIn>
    ),
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/plans/:documentId',
        element: (
          <Suspense fallback={<Spin fullscreen />}>
            <PlanPage />
          </Suspense>
        ),
      },
      {
        path: '/plans/:documentId/history',
        element: (
          <Suspense fallback={<Spin fullscreen />}>
            <HistoryPage />
          </Suspense>
        ),
      },
      {
        path: '/sessions/:meetingId',
        element: (
          <Suspense fallback={<Spin fullscreen />}>
            <MeetingRoomPage />
          </Suspense>
        ),
      },
      { path: '/tasks', element: <TasksPage /> },
      { path: '/groups/:groupId/tasks', element: <TasksPage /> },
      { path: '/observations', element: <ObservationsPage /> },
      { path: '/observations/:observationId', element: <ObservationEntry /> },
      { path: '/observations/:observationId/sheet', element: <ObserverSheetPage /> },
      { path: '/observations/:observationId/report', element: <ReportPage /> },
      { path: '/library', element: <LibraryPage /> },
      { path: '/library/review', element: <LibraryReviewPage /> },
      {
        path: '/library/:entryId',
        element: (
          <Suspense fallback={<Spin fullscreen />}>
            <LibraryEntryPage />
          </Suspense>
        ),
      },
      {
        path: '/dashboard',
        element: (
          <Suspense fallback={<Spin fullscreen />}>
            <DashboardPage />
          </Suspense>
        ),
      },
      { path: '/account', element: <AccountPage /> },
      {
        path: '/admin',
        element: <AdminLayout />,
        children: [
          { index: true, element: <Navigate to="/admin/users" replace /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'import', element: <ImportPage /> },
          { path: 'schools', element: <SchoolsPage /> },
          { path: 'groups', element: <GroupsPage /> },
          { path: 'exchanges', element: <ExchangesPage /> },
          { path: 'terms', element: <TermsPage /> },
          { path: 'rubrics', element: <RubricsPage /> },
          { path: 'rubrics/:rubricId', element: <RubricsPage /> },
          { path: 'audit', element: <AuditPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
