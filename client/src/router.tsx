import { Spin } from 'antd'
import { lazy, Suspense } from 'react'
import { createBrowserRouter } from 'react-router'
import { AppLayout } from './components/AppLayout.tsx'
import { RequireSignIn } from './components/RequireSignIn.tsx'
import { LibraryReviewPage } from './library/LibraryReviewPage.tsx'
import { NotFoundPage } from './pages/ErrorPages.tsx'
import { HomePage } from './pages/HomePage.tsx'
import { LibraryPage } from './pages/LibraryPage.tsx'
import { SignInPage } from './pages/SignInPage.tsx'
import { TasksPage } from './tasks/TasksPage.tsx'

// The editor (Tiptap, Yjs, IndexedDB) loads only when a plan is opened.
const PlanPage = lazy(async () => ({ default: (await import('./pages/PlanPage.tsx')).PlanPage }))
const SessionRoomPage = lazy(async () => ({
  default: (await import('./session/SessionRoomPage.tsx')).SessionRoomPage,
}))
const LibraryEntryPage = lazy(async () => ({
  default: (await import('./pages/LibraryEntryPage.tsx')).LibraryEntryPage,
}))

/** The app's routes; a plan's URL is `/plans/<documentId>`. */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
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
        path: '/sessions/:sessionId',
        element: (
          <Suspense fallback={<Spin fullscreen />}>
            <SessionRoomPage />
          </Suspense>
        ),
      },
      { path: '/tasks', element: <TasksPage /> },
      { path: '/groups/:groupId/tasks', element: <TasksPage /> },
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
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
