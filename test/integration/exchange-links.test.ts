// The links' lag and the silent-link warning's life (issue 11): a link silent beyond
// rules/exchange.json raises exchange.link-silent at both ends; when the link speaks again the
// next sweep closes it, audited, and a later sweep changes nothing. GET /exchange/links shows each
// link's silence and the upward backlog's age. A city and the province on separate databases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, type TestNode } from '../helpers/nodes.ts';
import { addTestDepartment, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { addNode, setUpstream, relayOnce, sweepSilentLinks } from '../../src/modules/exchange/exchange.service.ts';
import { loadRuleFile } from '../../src/kernel/rules.ts';
import type { ExchangeRule } from '../../src/modules/exchange/exchange.rules.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import type { Platform } from '../../src/platform.ts';

let prov: TestNode, sjz: TestNode, dep: Department;
let provOp: number, cityOp: number;
const rules = loadRuleFile<ExchangeRule>('exchange');
const MINUTES = rules.at(-1)!.silentLinkMinutes;
const T0 = new Date('2026-11-20T04:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + (minutes * 60 + seconds) * 1000);
const both = (d: Date) => {
  prov.setNow(d);
  sjz.setNow(d);
};

const DEP = uscc('11130100MB0000001');
const row = (i: number) => penaltyRow({ CF_WSH: `石市监罚〔2026〕L${i}号`, CF_XDR_MC: `链路测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(i).padStart(7, '0')}`) });

const warnings = (p: Platform) =>
  p.db.query<{ target: string; state: string; closed_by: string | null }>(`SELECT target, state, closed_by FROM warning WHERE kind = 'exchange.link-silent' ORDER BY id`);
const audits = async (p: Platform, action: string) => (await p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE action = $1', [action]))!.n;
const links = async (t: TestNode, userId: number) => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/links', cookies: { xy_session: await openSessionFor(t.p, userId) } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

before(async () => {
  prov = await startNode('province', '130000');
  sjz = await startNode('city', '130100');
  both(T0);
  const k = await addNode(prov.p, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
  await setUpstream(sjz.p, SYSTEM_ACTOR, { url: prov.url, keyId: k.keyId, secret: k.secret });
  dep = await addTestDepartment(sjz.p, DEP);
  provOp = (await createStaffUser(prov.p, SYSTEM_ACTOR, null, { username: 'links.prov', displayName: '省中心', role: 'operator', regionCode: '130000', password: 'Links-Pass-2026', mustChangePassword: false })).user.id;
  cityOp = (await createStaffUser(sjz.p, SYSTEM_ACTOR, null, { username: 'links.city', displayName: '市中心', role: 'operator', regionCode: '130100', password: 'Links-Pass-2026', mustChangePassword: false })).user.id;
});
after(async () => {
  for (const n of [sjz, prov]) await n?.close();
});

test('the lag of each link: silence against the threshold, the backlog’s age', async () => {
  await submitJsonBatch(sjz.p, SYSTEM_ACTOR, dep, 'penalty', [row(1)]);
  both(at(MINUTES)); // exactly the threshold: not yet silent
  const city = await links(sjz, cityOp);
  assert.equal(city.silentLinkMinutes, MINUTES);
  assert.deepEqual([city.upstream.silentMs, city.upstream.silent, city.upstream.pending], [MINUTES * 60_000, false, 1]);
  // the outbox entry's time is the database's (the version's transaction), not the test clock
  assert.equal(typeof city.upstream.backlogMs, 'number');
  assert.deepEqual(city.children, []);
  const province = await links(prov, provOp);
  assert.equal(province.upstream, null);
  assert.deepEqual(province.children.map((c: { region: string; silent: boolean; silentMs: number; lastReceivedAt: string | null }) => [c.region, c.silent, c.silentMs, c.lastReceivedAt]), [['130100', false, MINUTES * 60_000, null]]);
  both(at(MINUTES, 1));
  assert.equal((await links(sjz, cityOp)).upstream.silent, true);
  assert.equal((await links(prov, provOp)).children[0].silent, true);
  // not for the public or a department's staff
  assert.equal((await prov.app.inject({ method: 'GET', url: '/api/v1/exchange/links' })).statusCode, 401);
});

test('a silent link’s warning closes by itself when the link speaks again, audited, once', async () => {
  both(at(MINUTES, 1));
  assert.deepEqual((await sweepSilentLinks(prov.p, rules)).silent, ['node:130100']);
  assert.deepEqual((await sweepSilentLinks(sjz.p, rules)).silent, ['upstream']);
  assert.deepEqual(await warnings(prov.p), [{ target: 'node:130100', state: 'open', closed_by: null }]);
  assert.deepEqual(await warnings(sjz.p), [{ target: 'upstream', state: 'open', closed_by: null }]);
  // still silent a minute later: the same warnings stay open, nothing closed
  both(at(MINUTES + 1));
  await sweepSilentLinks(prov.p, rules);
  assert.equal(await audits(prov.p, 'warning.close'), 0);

  // the city delivers: the link spoke at both ends
  both(at(MINUTES + 2));
  const r = await relayOnce(sjz.p);
  assert.deepEqual([r.state, r.accepted], ['done', 1], r.error);
  const city = await links(sjz, cityOp);
  assert.deepEqual([city.upstream.silent, city.upstream.silentMs, city.upstream.backlogMs, city.upstream.pending], [false, 0, null, 0]);
  both(at(MINUTES + 3));
  assert.deepEqual((await sweepSilentLinks(prov.p, rules)).silent, []);
  assert.deepEqual((await sweepSilentLinks(sjz.p, rules)).silent, []);
  assert.deepEqual(await warnings(prov.p), [{ target: 'node:130100', state: 'closed', closed_by: 'system:exchange' }]);
  assert.deepEqual(await warnings(sjz.p), [{ target: 'upstream', state: 'closed', closed_by: 'system:exchange' }]);
  const ev = await prov.p.db.one<{ actor: string; automatic: boolean; note: string }>(
    `SELECT actor, (detail->>'automatic')::boolean AS automatic, detail->>'note' AS note FROM audit_event WHERE action = 'warning.close'`,
  );
  assert.equal(ev?.actor, 'system:exchange');
  assert.equal(ev?.automatic, true);
  assert.match(ev!.note, /链路已恢复/);
  // the next sweeps change nothing
  await sweepSilentLinks(prov.p, rules);
  await sweepSilentLinks(sjz.p, rules);
  assert.equal(await audits(prov.p, 'warning.close'), 1);
  assert.equal(await audits(sjz.p, 'warning.close'), 1);

  // silent again later: a new warning (the closed one stays closed, in the history)
  both(at(2 * MINUTES + 3, 1));
  assert.deepEqual((await sweepSilentLinks(prov.p, rules)).silent, ['node:130100']);
  assert.deepEqual((await warnings(prov.p)).map((w) => w.state), ['closed', 'open']);
});
