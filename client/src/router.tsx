import { createBrowserRouter } from 'react-router'
import { AppLayout } from './components/AppLayout.tsx'
import { RequireSignIn } from './components/RequireSignIn.tsx'
import { NotFoundPage } from './pages/ErrorPages.tsx'
import { HomePage } from './pages/HomePage.tsx'
import { PlanPage } from './pages/PlanPage.tsx'
import { SignInPage } from './pages/SignInPage.tsx'

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
      { path: '/plans/:documentId', element: <PlanPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
