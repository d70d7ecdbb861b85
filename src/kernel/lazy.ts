// Heavy libraries that most processes never use (spreadsheets, PDF, ASN.1, Redis) are loaded on
// first use, not at start: each costs 0.2–0.5 CPU s to import, paid by every server, CLI command
// and test file that loads the module graph (docs/decisions/0045). CommonJS packages only: a
// synchronous require keeps the call sites unchanged; the type comes from an `import type`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
