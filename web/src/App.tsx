import { Suspense, lazy } from 'react';
import { Spin } from 'antd';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { publicRoutes } from './public/publicRoutes.tsx';

// The staff work portal (政务门户) is its own chunk: public visitors never load its code.
const WorkApp = lazy(() => import('./work/WorkApp.tsx').then((m) => ({ default: m.WorkApp })));

// One route tree per portal, each with its own layout. The work portal's pages are routed inside
// WorkApp (web/src/work/pages.tsx).
const router = createBrowserRouter([
  {
    path: '/work/*',
    element: (
      <Suspense
        fallback={
          <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            <Spin size="large" />
          </div>
        }
      >
        <WorkApp />
      </Suspense>
    ),
  },
  publicRoutes,
]);

export function App() {
  return <RouterProvider router={router} />;
}
