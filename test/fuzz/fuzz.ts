// `npm run fuzz -- [--cases N] [--seed S] [--target json|csv|xlsx|public|signed|staff] [--db pglite|postgres]
//  [--max-ms N] [--max-rss-mb N]`: starts the platform on a fresh database, runs the cases
// (spread over the targets unless one is named), prints counts per outcome and the seed of every
// failing case, and exits 1 when any case failed.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '600' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string', multiple: true },
    db: { type: 'string', default: 'pglite' },
    'max-ms': { type: 'string', default: '60000' }, // above the XLSX stall bound (30 s, file-readers.ts)
    'max-rss-mb': { type: 'string', default: '2048' },
  },
});
if (values.db !== 'pglite' && values.db !== 'postgres') throw new Error('--db is pglite or postgres');
process.env.XINYONG_TEST_DB = values.db;
process.env.NODE_ENV ??= 'test';

const { TARGETS, runFuzz, formatReport } = await import('./harness.ts');
type Target = (typeof TARGETS)[number];
const targets = (values.target?.length ? values.target : [...TARGETS]) as Target[];
for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`--target is one of ${TARGETS.join(', ')}`);

const { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC } = await import('../helpers/platform.ts');
const { createStaffUser, openSessionFor } = await import('../../src/modules/access/staff.service.ts');
const { SYSTEM_ACTOR } = await import('../../src/kernel/audit.ts');

const t = await createTestPlatform('2026-11-20');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-fuzz-'));
try {
  const dep = await addTestDepartment(t.p, DEPT_USCC);
  const credential = await addTestClient(t.p, dep);
  const { user } = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'fuzz-admin', displayName: '模糊测试', role: 'platform_admin', regionCode: '130000', password: 'Correct-Horse-42', mustChangePassword: false });
  const staffCookie = await openSessionFor(t.p, user.id);
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  let last = performance.now();
  const report = await runFuzz(
    { t, dep, credential, staffCookie, dir },
    {
      targets,
      cases,
      seed,
      limits: { maxMs: Number(values['max-ms']), maxRssBytes: Number(values['max-rss-mb']) * 2 ** 20 },
      onCase: (i) => {
        if (performance.now() - last > 10_000) {
          last = performance.now();
          process.stderr.write(`  … ${i + 1} / ${cases}\n`);
        }
      },
    },
  );
  console.log(`fuzz on ${values.db}, seed ${seed}, targets ${targets.join(',')}`);
  console.log(formatReport(report));
  process.exitCode = report.failures.length ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
}
