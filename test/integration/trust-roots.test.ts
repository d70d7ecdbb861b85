// Administrative trust roots (issue 17, "Department kinds are free text"): department kinds come
// from the fixed, versioned list rules/department-kinds.json; kinds that own lists or read full
// files are granted only by a province-level platform administrator, with a reason, audited. A
// city operator can no longer make itself a court or a bank.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, uscc, type TestPlatform } from '../helpers/platform.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

let t: TestPlatform;
const sessions: Record<string, string> = {};
let n = 0;

async function staff(name: string, role: Role, regionCode: string): Promise<void> {
  const u = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: name, displayName: name, role, regionCode, password: 'Trust-Roots-2026', mustChangePassword: false })).user;
  sessions[name] = await openSessionFor(t.p, u.id);
}

const register = (who: string, kinds: string[], extra: Record<string, string> = {}) => {
  n++;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/departments',
    cookies: { xy_session: sessions[who]! },
    headers: { 'x-requested-with': 'xinyong' },
    payload: { uscc: uscc(`11130600MB${String(5_000_000 + n).slice(-7)}`), name: `保定测试局${n}`, regionCode: '130600', kinds, ...extra },
  });
};

before(async () => {
  t = await createTestPlatform('2026-11-20');
  await staff('bdop', 'operator', '130600');
  await staff('bdadmin', 'platform_admin', '130600');
  await staff('provadmin', 'platform_admin', '130000');
  await staff('provop', 'operator', '130000');
});
after(() => t.close());

describe('department kinds', () => {
  test('free text and markup are refused; nothing is registered', async () => {
    const before = (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM department'))!.n;
    for (const kinds of [['<script>x</script>'], ['bogus-kind'], ['finance', 'Court']]) {
      const r = await register('provadmin', kinds, { kindsReason: '测试' });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.code, 'DEPARTMENT_KIND_UNKNOWN');
      assert.ok(!r.body.includes('<script>'));
    }
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM department'))!.n, before);
  });

  test('a city operator or administrator cannot grant court or bank, even with a reason; a province operator neither', async () => {
    for (const who of ['bdop', 'bdadmin', 'provop'])
      for (const kinds of [['court'], ['bank'], ['finance', 'tax']]) {
        const r = await register(who, kinds, { kindsReason: '我说可以' });
        assert.equal(r.statusCode, 403, `${who} ${kinds}: ${r.body}`);
        assert.equal(r.json().error.code, 'DEPARTMENT_KIND_PRIVILEGED');
      }
  });

  test('other kinds stay with the region’s operators', async () => {
    const r = await register('bdop', ['finance', 'transport']);
    assert.equal(r.statusCode, 201, r.body);
  });

  test('a province-level administrator grants a privileged kind only with a reason, audited with the list version', async () => {
    const none = await register('provadmin', ['court']);
    assert.equal(none.statusCode, 400, none.body);
    assert.equal(none.json().error.code, 'DEPARTMENT_KIND_REASON_REQUIRED');
    const r = await register('provadmin', ['court'], { kindsReason: '保定市中级人民法院接入（冀高法函〔2026〕12号）' });
    assert.equal(r.statusCode, 201, r.body);
    const ev = await t.p.db.one<{ actor: string; detail: Record<string, unknown> }>(`SELECT actor, detail FROM audit_event WHERE action = 'department.add' AND target = $1`, [`department:${r.json().uscc}`]);
    assert.equal(ev!.actor, 'staff:provadmin');
    assert.deepEqual(ev!.detail.privilegedKinds, ['court']);
    assert.equal(ev!.detail.reason, '保定市中级人民法院接入（冀高法函〔2026〕12号）');
    assert.equal(ev!.detail.kindsVersion, 1);
  });
});

describe('province-wide settings: measures and the calendar', () => {
  const as = (who: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
    t.app.inject({ method, url, cookies: { xy_session: sessions[who]! }, headers: { 'x-requested-with': 'xinyong' }, payload });

  test('a 保定 operator or administrator cannot deactivate a measure or load the official calendar; nothing changes', async () => {
    const before = await t.p.db.one<{ m: number; c: number }>(`SELECT (SELECT count(*)::int FROM audit_event WHERE action LIKE 'measure.%') AS m, (SELECT count(*)::int FROM calendar_override) AS c`);
    for (const who of ['bdop', 'bdadmin']) {
      const m = await as(who, 'PATCH', '/api/v1/measures/rw-trading-bonus', { active: false, note: '保定停用' });
      assert.equal(m.statusCode, 403, m.body);
      assert.equal(m.json().error.code, 'PROVINCE_LEVEL_REQUIRED');
      const c = await as(who, 'POST', '/api/v1/calendar/years', { year: 2031, source: '保定自定', rest: ['2031-01-02'] });
      assert.equal(c.statusCode, 403, c.body);
      assert.equal(c.json().error.code, 'PROVINCE_LEVEL_REQUIRED');
    }
    assert.deepEqual(await t.p.db.one(`SELECT (SELECT count(*)::int FROM audit_event WHERE action LIKE 'measure.%') AS m, (SELECT count(*)::int FROM calendar_override) AS c`), before);
    assert.ok((await t.p.db.one(`SELECT 1 AS x FROM audit_event WHERE action = 'access.refused' AND detail->>'code' = 'PROVINCE_LEVEL_REQUIRED'`)), 'the refusal is audited');
    const current = (await t.app.inject({ method: 'GET', url: '/api/v1/measures' })).json().measures.find((x: { id: string }) => x.id === 'rw-trading-bonus');
    assert.equal(current.active, true);
  });

  test('province-level staff change them', async () => {
    const m = await as('provop', 'PATCH', '/api/v1/measures/rw-trading-bonus', { content: '省级修订', note: '省级审定' });
    assert.equal(m.statusCode, 200, m.body);
  });
});
