import type { RouteObject } from 'react-router-dom';
import { Spin } from 'antd';

// Shown while a page's chunk loads on a first visit straight to it (React Router warns without one).
function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-label="正在加载">
      <Spin />
    </div>
  );
}

// The subject's rights on the public portal, each page its own chunk: forms, uploads and the
// identity check load only when a visitor opens one of them, not with the home page.
export const rightsRoutes: RouteObject[] = [
  { path: 'objections', HydrateFallback: PageLoading, lazy: () => import('./ObjectionPage.tsx').then((m) => ({ Component: m.ObjectionPage })) },
  { path: 'objections/:id', HydrateFallback: PageLoading, lazy: () => import('./ObjectionStatusPage.tsx').then((m) => ({ Component: m.ObjectionStatusPage })) },
  { path: 'repair', HydrateFallback: PageLoading, lazy: () => import('./RepairPage.tsx').then((m) => ({ Component: m.RepairPage })) },
  { path: 'repair/:id', HydrateFallback: PageLoading, lazy: () => import('./RepairStatusPage.tsx').then((m) => ({ Component: m.RepairStatusPage })) },
  { path: 'me', HydrateFallback: PageLoading, lazy: () => import('./CreditFilePage.tsx').then((m) => ({ Component: m.CreditFilePage })) },
  { path: 'reports', HydrateFallback: PageLoading, lazy: () => import('./ReportPage.tsx').then((m) => ({ Component: m.ReportPage })) },
  { path: 'rights/verify/oidc', HydrateFallback: PageLoading, lazy: () => import('./IdentityGate.tsx').then((m) => ({ Component: m.OidcReturnPage })) },
  { path: 'reports/verify', HydrateFallback: PageLoading, lazy: () => import('./VerifyPage.tsx').then((m) => ({ Component: m.VerifyPage })) },
];
