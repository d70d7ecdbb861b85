import type { RouteObject } from 'react-router-dom';

// The subject's rights on the public portal, each page its own chunk: forms, uploads and the
// identity check load only when a visitor opens one of them, not with the home page.
export const rightsRoutes: RouteObject[] = [
  { path: 'objections', lazy: () => import('./ObjectionPage.tsx').then((m) => ({ Component: m.ObjectionPage })) },
  { path: 'objections/:id', lazy: () => import('./ObjectionStatusPage.tsx').then((m) => ({ Component: m.ObjectionStatusPage })) },
  { path: 'repair', lazy: () => import('./RepairPage.tsx').then((m) => ({ Component: m.RepairPage })) },
  { path: 'repair/:id', lazy: () => import('./RepairStatusPage.tsx').then((m) => ({ Component: m.RepairStatusPage })) },
  { path: 'me', lazy: () => import('./CreditFilePage.tsx').then((m) => ({ Component: m.CreditFilePage })) },
  { path: 'reports', lazy: () => import('./ReportPage.tsx').then((m) => ({ Component: m.ReportPage })) },
  { path: 'rights/verify/oidc', lazy: () => import('./IdentityGate.tsx').then((m) => ({ Component: m.OidcReturnPage })) },
  { path: 'reports/verify', lazy: () => import('./VerifyPage.tsx').then((m) => ({ Component: m.VerifyPage })) },
];
