import { useEffect, useRef, useState } from 'react';
import { ApiError, isAbortError } from '../../shared/api.ts';
import { workApi, type Batch } from '../api.ts';

export type BatchState = { batch: Batch | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };

// Loads a batch and, while it is still running, polls it until it is completed or failed.
export function useBatch(id: string | undefined, initial?: Batch, intervalMs = 1000): BatchState {
  const [batch, setBatch] = useState<Batch | undefined>(initial?.id === id ? initial : undefined);
  const [error, setError] = useState<ApiError | undefined>();
  const [attempt, setAttempt] = useState(0);
  const initialRef = useRef(initial);
  initialRef.current = initial;

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setError(undefined);
    const poll = async () => {
      try {
        const b = await workApi.getBatch(id, controller.signal);
        if (controller.signal.aborted) return;
        setBatch(b);
        if (b.status === 'running') timer = setTimeout(poll, intervalMs);
      } catch (e) {
        if (controller.signal.aborted || isAbortError(e)) return;
        setError(e instanceof ApiError ? e : new ApiError(0, { code: 'CLIENT_ERROR', zh: '读取批次状态时出错', en: String(e) }));
      }
    };
    void poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, attempt, intervalMs]);

  return { batch: batch?.id === id ? batch : undefined, error, loading: !!id && batch?.id !== id && !error, reload: () => setAttempt((n) => n + 1) };
}
