// Every action the code writes to the audit trail has a Chinese name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ACTION_LABELS, actionLabel } from './audit.labels.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) return sources(full);
    return f.endsWith('.ts') && !f.endsWith('.test.ts') ? [full] : [];
  });
}

test('every audit action written in src has a Chinese and an English name', () => {
  const written = new Set<string>();
  for (const file of sources(path.resolve('src'))) {
    const text = readFileSync(file, 'utf8');
    // writeAudit(tx, actor, 'x.y', …) — possibly with a conditional of two literals — and { action: 'x.y' }
    for (const m of text.matchAll(/(?<!function )writeAudit\([^;]*?,\s*(?:[\w?.! ]+\?\s*)?'([a-z][\w-]*(?:\.[\w-]+)+)'(?:\s*:\s*'([a-z][\w-]*(?:\.[\w-]+)+)')?/g)) {
      written.add(m[1]!);
      if (m[2]) written.add(m[2]);
    }
    for (const m of text.matchAll(/\baction:\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) written.add(m[1]!);
  }
  assert.ok(written.size >= 30, `found only ${written.size} actions`);
  for (const a of written) {
    const l = ACTION_LABELS[a];
    assert.ok(l, `audit action ${a} has no label in audit.labels.ts`);
    assert.match(l.zh, /[\u4e00-\u9fa5]/, a);
  }
  assert.deepEqual(actionLabel('future.thing'), { zh: 'future.thing', en: 'future.thing' });
});
