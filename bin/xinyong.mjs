#!/usr/bin/env node
// Entry point for `npx xinyong`: runs the TypeScript CLI through tsx (no build step).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// File imports stream: their working set is a few chunks. Left alone, V8 lets the heap grow to
// ~450 MB before collecting; a cap keeps the importer's RSS under 300 MB at any file size
// (and is faster: less memory to walk). Measured with `npm run bench -- collect`.
export const IMPORT_HEAP_MB = 192;
const command = process.argv[2];
const capped = process.execArgv.some((a) => a.startsWith('--max-old-space-size'));
if (command === 'import' && !capped && !process.env.XINYONG_NO_HEAP_CAP) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${IMPORT_HEAP_MB}`, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
