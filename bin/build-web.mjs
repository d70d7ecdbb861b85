#!/usr/bin/env node
// Builds the web app (vite) into web/dist and stamps it with a hash of what the build reads:
// web/ (but dist) and the dependency versions. `--if-changed` builds only when that hash differs
// from the stamp, so `npm start` restarts in a second when nothing in web/ changed.
// Content hashes, not modification times: a checkout or a copy touches every file.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP = '.build-stamp';

function files(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

// One hash over web/ (not dist), package.json and package-lock.json: names and contents.
export function webInputsHash(root) {
  const h = createHash('sha256');
  const inputs = [...files(path.join(root, 'web')), path.join(root, 'package.json'), path.join(root, 'package-lock.json')].filter((f) => existsSync(f));
  for (const f of inputs.map((f) => path.relative(root, f).split(path.sep).join('/')).sort()) {
    h.update(f).update('\0').update(readFileSync(path.join(root, f))).update('\0');
  }
  return h.digest('hex');
}

const stampFile = (root) => path.join(root, 'web', 'dist', STAMP);

export function webBuildIsCurrent(root) {
  const stamp = stampFile(root);
  return existsSync(stamp) && existsSync(path.join(root, 'web', 'dist', 'index.html')) && readFileSync(stamp, 'utf8').trim() === webInputsHash(root);
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv.includes('--if-changed') && webBuildIsCurrent(root)) return 0;
  const hash = webInputsHash(root); // before the build: an edit during it makes the next start build again
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) return r.status ?? 1;
  writeFileSync(stampFile(root), hash + '\n');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
