// `npm start` builds the web app only when what the build reads changed: the stamp logic of
// bin/build-web.mjs on a throw-away tree (no vite run here; `npm test` builds the real app).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { webInputsHash, webBuildIsCurrent, STAMP } from '../../bin/build-web.mjs';

const hash = webInputsHash as (root: string) => string;
const current = webBuildIsCurrent as (root: string) => boolean;

test('the build is current only while web/ and the dependency versions are unchanged', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'xinyong-web-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'web', 'src'), { recursive: true });
  writeFileSync(path.join(root, 'web', 'src', 'App.tsx'), 'export const App = 1;\n');
  writeFileSync(path.join(root, 'web', 'index.html'), '<div id="root"></div>\n');
  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(path.join(root, 'package.json'), '{}\n');

  assert.equal(current(root), false, 'never built');
  const built = hash(root);
  mkdirSync(path.join(root, 'web', 'dist'));
  writeFileSync(path.join(root, 'web', 'dist', 'index.html'), 'built');
  writeFileSync(path.join(root, 'web', 'dist', STAMP), built + '\n');
  assert.equal(current(root), true);

  // a checkout touches files without changing them: still current
  utimesSync(path.join(root, 'web', 'src', 'App.tsx'), new Date(), new Date(Date.UTC(2030, 0, 1)));
  assert.equal(current(root), true);
  // what the build writes is not an input
  writeFileSync(path.join(root, 'web', 'dist', 'extra.js'), 'x');
  assert.equal(current(root), true);

  writeFileSync(path.join(root, 'web', 'src', 'App.tsx'), 'export const App = 2;\n');
  assert.equal(current(root), false, 'a source changed');
  writeFileSync(path.join(root, 'web', 'src', 'App.tsx'), 'export const App = 1;\n');
  assert.equal(current(root), true, 'and changed back');

  writeFileSync(path.join(root, 'web', 'src', 'New.tsx'), '');
  assert.equal(current(root), false, 'a file added');
  rmSync(path.join(root, 'web', 'src', 'New.tsx'));

  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
  assert.equal(current(root), false, 'a dependency changed');
  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');

  rmSync(path.join(root, 'web', 'dist', 'index.html'));
  assert.equal(current(root), false, 'the output is gone');
});
