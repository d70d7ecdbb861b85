// The subject's identity session on the public portal: the token of the last identity check,
// kept in sessionStorage (gone with the tab; the server ends it after 30 minutes and the pages
// then clear it), shared by the objection, repair and credit-file pages without a provider.
import { useSyncExternalStore } from 'react';
import { parseStoredSession, type StoredSession } from './rights.ts';

const KEY = 'xinyong.subject-session';
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cached: StoredSession | undefined;

function read(): StoredSession | undefined {
  const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parseStoredSession(raw);
  }
  return cached;
}

function emit() {
  for (const l of listeners) l();
}

export function saveSubjectSession(s: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
  emit();
}

export function clearSubjectSession(): void {
  sessionStorage.removeItem(KEY);
  emit();
}

export function useSubjectSession(): StoredSession | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    () => undefined,
  );
}
