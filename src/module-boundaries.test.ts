// The module map holds (docs/architecture.md): no import cycle between src/modules/* folders,
// src/kernel imports no module, no service, store or rules file imports a routes file, and no
// module keeps a registry keyed by Platform.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, moduleGraph } from '../test/helpers/module-graph.ts';

const SRC = fileURLToPath(new URL('.', import.meta.url));

describe('module boundaries of src/', () => {
  test('no import cycle between modules, no kernel import of a module, no service importing routes, no Platform registry', () => {
    assert.deepEqual(moduleGraph(SRC).findings.map((f) => f.message), []);
  });
});

describe('the module graph checker', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'xy-graph-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  const layered = {
    'kernel/db.ts': 'export const db = 1;\n',
    'modules/catalog/catalog.types.ts': "import { db } from '../../kernel/db.ts';\nexport type Def = { n: number };\n",
    'modules/collection/collection.service.ts': "import type { Def } from '../catalog/catalog.types.ts';\nexport const f = (d: Def) => d;\n",
    'modules/sanctions/lists.service.ts': "import { f } from '../collection/collection.service.ts';\nexport const g = f;\n",
    'platform.ts': "import { g } from './modules/sanctions/lists.service.ts';\n",
  };

  test('a layered tree has no findings', () => {
    assert.deepEqual(moduleGraph(tree(layered)).findings, []);
  });

  test('an injected cycle through three modules is found, a type-only import closing it too', () => {
    const dir = tree({ ...layered, 'modules/catalog/catalog.rules.ts': "import type { g } from '../sanctions/lists.service.ts';\nexport type G = typeof g;\n" });
    const f = moduleGraph(dir).findings;
    assert.equal(f.length, 1);
    assert.equal(f[0]!.kind, 'cycle');
    assert.match(f[0]!.message, /^module cycle: catalog -> sanctions -> collection -> catalog /);
    assert.match(f[0]!.message, /modules\/catalog\/catalog\.rules\.ts -> modules\/sanctions\/lists\.service\.ts/);
  });

  test('a two-module cycle through a re-export and a dynamic import is found', () => {
    const dir = tree({
      'modules/a/a.schemas.ts': "export { x } from '../b/b.schemas.ts';\n",
      'modules/b/b.service.ts': "export async function h() { return import('../a/a.schemas.ts'); }\n",
      'modules/b/b.schemas.ts': 'export const x = 1;\n',
    });
    assert.deepEqual(moduleGraph(dir).findings.map((f) => f.kind), ['cycle']);
  });

  test('the kernel importing a module, and a service importing a routes file, are found', () => {
    const dir = tree({
      ...layered,
      'kernel/audit.ts': "import type { Def } from '../modules/catalog/catalog.types.ts';\n",
      'modules/collection/collection.routes.ts': 'export const r = 1;\n',
      'modules/sanctions/sanctions.service.ts': "import { r } from '../collection/collection.routes.ts';\n",
    });
    assert.deepEqual(moduleGraph(dir).findings.map((f) => f.kind).sort(), ['kernel-imports-module', 'service-imports-routes']);
  });

  test('a registry keyed by Platform is found', () => {
    // spelt in two pieces so that this file is not itself such a registry to a text search
    const dir = tree({ ...layered, 'modules/sanctions/checks.service.ts': 'const writers = new WeakMap' + '<Platform, object>();\n' });
    assert.deepEqual(moduleGraph(dir).findings.map((f) => f.kind), ['platform-registry']);
  });

  test('imports in comments and package imports are no edges', () => {
    assert.deepEqual(importsOf("// import { a } from '../x/a.ts';\n/* import b from '../y/b.ts' */\nimport fs from 'node:fs';\nimport {\n  c,\n  type D,\n} from '../z/c.ts';\nimport '../w/side.ts';\n"), ['../z/c.ts', '../w/side.ts']);
  });
});
