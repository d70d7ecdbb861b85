import { useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError } from './api.ts';

export type RequestState<T> = {
  // May belong to the previous key while `loading` (tables keep rows between pages).
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
};

type Settled<T> = { key: string | null; attempt: number; data: T | undefined; error: ApiError | undefined };

// Runs `load` whenever `key` changes (null = do nothing) and aborts the superseded request.
// `loading` is derived from the key, so the render right after a key change already says so.
export function useRequest<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): RequestState<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>({ key: null, attempt: -1, data: undefined, error: undefined });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, attempt, data, error: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setSettled((prev) => ({ key, attempt, data: prev.data, error: toApiError(error) }));
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const current = settled.key === key && settled.attempt === attempt;
  return {
    data: key === null ? undefined : settled.data,
    error: current ? settled.error : undefined,
    loading: key !== null && !current,
    reload: () => setAttempt((n) => n + 1),
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // A bug in our own code (e.g. a malformed response) must still show something readable.
  return new ApiError(0, {
    code: 'CLIENT_ERROR',
    zh: '页面处理数据时出错，请刷新后重试',
    en: error instanceof Error ? error.message : 'Unexpected client error',
  });
}
