import { useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError } from './api.ts';

export type RequestState<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
};

// Runs `load` whenever `key` changes (null = do nothing). The previous request is aborted, and
// the previous data is kept while loading so tables do not flash empty between pages.
export function useRequest<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): RequestState<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: key !== null,
  });

  useEffect(() => {
    if (key === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((prev) => ({ data: prev.data, error: undefined, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setState({ data: undefined, error: toApiErrorLike(error), loading: false });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  return { ...state, reload: () => setAttempt((n) => n + 1) };
}

function toApiErrorLike(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // A bug in our own code (e.g. a malformed response) must still show something readable.
  return new ApiError(0, {
    code: 'CLIENT_ERROR',
    zh: '页面处理数据时出错，请刷新后重试',
    en: error instanceof Error ? error.message : 'Unexpected client error',
  });
}
