import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { ReactNode } from 'react';
import { App as AntApp, Button, Result, Spin } from 'antd';
import { SessionProvider, useSession } from './session.tsx';
import { WORK_PAGES, type WorkPage } from './pages.tsx';
import { WorkLayout } from './WorkLayout.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { ForbiddenPage, WorkNotFoundPage } from './StatusPages.tsx';
import { isAllowed, signInUrl } from './nav.ts';
import './work.css';

// The staff work portal (政务门户) under /work, loaded only when a /work URL is opened.
export function WorkApp() {
  return (
    <AntApp>
    <SessionProvider>
      <Routes>
        <Route path="sign-in" element={<SignInPage />} />
        <Route
          element={
            <RequireSession>
              <WorkLayout pages={WORK_PAGES} />
            </RequireSession>
          }
        >
          {WORK_PAGES.map((page) =>
            page.path === '/' ? (
              <Route key={page.key} index element={<RequireRole page={page} />} />
            ) : (
              <Route key={page.key} path={page.path.slice(1)} element={<RequireRole page={page} />} />
            ),
          )}
          <Route path="*" element={<WorkNotFoundPage />} />
        </Route>
      </Routes>
    </SessionProvider>
    </AntApp>
  );
}

function FullPageSpin() {
  return (
    <div className="xy-work-center" data-testid="work-loading">
      <Spin size="large" description="正在加载…" />
    </div>
  );
}

// Signed in, else to sign-in (and back here afterwards); a password that must change first
// sends the user to the password page.
function RequireSession({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  const location = useLocation();
  const here = location.pathname + location.search;
  if (state.status === 'unknown') return <FullPageSpin />;
  if (state.status === 'error')
    return (
      <div className="xy-work-center">
        <Result
          status="error"
          title="无法连接政务门户"
          subTitle={state.error.zh}
          extra={
            <Button type="primary" onClick={refresh}>
              重试
            </Button>
          }
        />
      </div>
    );
  if (state.status === 'signed-out')
    return <Navigate to={state.reason === 'signed-out' ? '/work/sign-in?reason=signed-out' : signInUrl(here, state.reason)} replace />;
  if (state.user.passwordChangeRequired && location.pathname !== '/work/password')
    return <Navigate to={`/work/password?next=${encodeURIComponent(here)}`} replace />;
  return <>{children}</>;
}

function RequireRole({ page }: { page: WorkPage }) {
  const { state } = useSession();
  if (state.status !== 'signed-in') return null;
  if (!isAllowed(state.user.role, page)) return <ForbiddenPage />;
  return <>{page.element}</>;
}
