import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../shared/api.ts';
import { sessionEvents, workApi, type StaffUser } from './api.ts';

// 'unknown': /auth/me not answered yet; 'signed-out': nobody (or the session ended).
export type SessionState =
  | { status: 'unknown' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out' }
  | { status: 'signed-in'; user: StaffUser }
  | { status: 'error'; error: ApiError };

export type Session = {
  state: SessionState;
  signedIn: (user: StaffUser) => void;
  refresh: () => void;
  signOut: (everywhere: boolean) => Promise<void>;
};

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

// The signed-in user, for pages under the layout (which renders them only when signed in).
export function useUser(): StaffUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return state.user;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'unknown' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    // /auth/session answers 200 with user null to nobody: no failed request in the console
    workApi.session(controller.signal).then(
      ({ user }) => setState(user ? { status: 'signed-in', user } : (prev) => (prev.status === 'signed-out' ? prev : { status: 'signed-out' })),
      (error: ApiError) => {
        if (controller.signal.aborted) return;
        // 401: nobody signed in (or the cookie's session ended) — not an error to show
        if (error.status === 401) setState((prev) => (prev.status === 'signed-out' ? prev : { status: 'signed-out' }));
        else setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  // Any API call that finds the session gone ends it here; RequireSession then sends the user to
  // sign-in, and back afterwards.
  const stateRef = useRef(state);
  stateRef.current = state;
  // While the user signs out, another request's 401 (the server has just ended the session, or all
  // of them) is the sign-out itself, not an expiry: the page must say 您已安全退出, not 登录已过期.
  const signingOut = useRef(false);
  useEffect(() => {
    const ended = () => {
      // only a session that was there can expire; before that, RequireSession sends to sign-in
      if (stateRef.current.status !== 'signed-in' || signingOut.current) return;
      setState({ status: 'signed-out', reason: 'expired' }); // RequireSession goes to sign-in
    };
    const mustChange = () => setAttempt((n) => n + 1);
    sessionEvents.addEventListener('ended', ended);
    sessionEvents.addEventListener('password-change-required', mustChange);
    return () => {
      sessionEvents.removeEventListener('ended', ended);
      sessionEvents.removeEventListener('password-change-required', mustChange);
    };
  }, []);

  const signedIn = useCallback((user: StaffUser) => setState({ status: 'signed-in', user }), []);
  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  const signOut = useCallback(
    async (everywhere: boolean) => {
      signingOut.current = true;
      try {
        if (everywhere) await workApi.signOutEverywhere();
        else await workApi.signOut();
      } finally {
        setState({ status: 'signed-out', reason: 'signed-out' });
        signingOut.current = false;
      }
    },
    [],
  );

  const value = useMemo(() => ({ state, signedIn, refresh, signOut }), [state, signedIn, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
