// Passwords (issue 17, Low): "Password1234" passes length and class rules but is refused as common
// (zxcvbn-ts); a password change may not go back to the current or any of the last five. Also:
// evidence files are checked by content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { DomainError } from '../../src/kernel/errors.ts';

let t: TestPlatform;
let userId: number;
before(async () => {
  t = await createTestPlatform('2026-11-20');
});
after(() => t.close());

const codes = (e: unknown) => ((e as DomainError).details as { code: string }[]).map((v) => v.code);

test('common and breached-pattern passwords are refused, whatever their classes', async () => {
  for (const pw of ['Password1234', 'Qwerty123456!', 'Hebei2026Hebei2026'])
    await assert.rejects(
      createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'pw.weak', displayName: '弱密码', role: 'auditor', password: pw }),
      (e) => (assert.deepEqual(codes(e), ['PASSWORD_COMMON'], pw), true),
    );
  userId = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'pw.user', displayName: '密码测试', role: 'auditor', password: 'Violet-Harbor-Lantern-7', mustChangePassword: false })).user.id;
});

test('no reuse of the current or the last five passwords; the change is audited', async () => {
  const change = async (current: string, next: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/password', cookies: { xy_session: await openSessionFor(t.p, userId) }, headers: { 'x-requested-with': 'xinyong' }, payload: { currentPassword: current, newPassword: next } });
  const chain = ['Violet-Harbor-Lantern-7', 'Copper-Meadow-Signal-42', 'Quiet-Falcon-Orchard-93', 'Amber-Glacier-Thimble-15', 'Cobalt-Prairie-Whistle-68'];
  for (let i = 1; i < chain.length; i++) assert.equal((await change(chain[i - 1]!, chain[i]!)).statusCode, 200, `change ${i}`);
  // the current one and each of the four before it are the last five
  for (const old of chain.slice(0, -1)) {
    const r = await change(chain.at(-1)!, old);
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(r.json().error.details.map((d: { code: string }) => d.code), ['PASSWORD_REUSED']);
  }
  const fresh = await change(chain.at(-1)!, 'Saffron-Tundra-Beacon-27');
  assert.equal(fresh.statusCode, 200, fresh.body);
  // six passwords on: the first is no longer among the last five
  const back = await change('Saffron-Tundra-Beacon-27', chain[0]!);
  assert.equal(back.statusCode, 200, back.body);
  const kept = await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM staff_password_history WHERE user_id = $1', [userId]);
  assert.equal(kept!.n, 4);
});

// evidence files (issue 17, Low): checked by content against the fixed list, whatever was claimed
test('an HTML page claimed to be a PDF is refused as evidence', async () => {
  const { storeEvidence } = await import('../../src/modules/rights/rights.service.ts');
  const html = Buffer.from('<html><script>alert(document.cookie)</script></html>').toString('base64');
  await assert.rejects(storeEvidence(t.p, [{ filename: '决定书.pdf', contentType: 'application/pdf', contentBase64: html }], 'evidence'), (e) => ((e as DomainError).code === 'EVIDENCE_TYPE_MISMATCH'));
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]).toString('base64');
  await assert.rejects(storeEvidence(t.p, [{ filename: '凭证.pdf', contentType: 'application/pdf', contentBase64: png }], 'evidence'), (e) => ((e as DomainError).code === 'EVIDENCE_TYPE_MISMATCH'));
  const ok = await storeEvidence(t.p, [{ filename: '凭证.png', contentType: 'image/png', contentBase64: png }], 'evidence');
  assert.equal(ok[0]!.contentType, 'image/png');
});

// the re-test of 2026-12-06 chose `xinyong-Xinyong1` and `Hebei2026!!Hebei` (zxcvbn score 4): from
// 2026-12-07 (rules/access.json ownWords, decision 0055) a password built of the platform's, the
// region's or the user's own words is refused over HTTP, at a change and at creation; a strong one
// that merely contains such a word is kept
test('passwords built of the platform’s own words are refused from 2026-12-07', async () => {
  t.setToday('2026-12-07');
  try {
    const id = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'pw.own', displayName: '王晓明', role: 'auditor', regionCode: '130600', password: 'Amber-Glacier-Thimble-15', mustChangePassword: false })).user.id;
    const change = async (current: string, next: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/password', cookies: { xy_session: await openSessionFor(t.p, id) }, headers: { 'x-requested-with': 'xinyong' }, payload: { currentPassword: current, newPassword: next } });
    for (const pw of ['xinyong-Xinyong1', 'Hebei2026!!Hebei', 'Baoding#2026xy', '王晓明2026王晓明!!Ab']) {
      const r = await change('Amber-Glacier-Thimble-15', pw);
      assert.equal(r.statusCode, 400, `${pw}: ${r.body}`);
      const e = r.json().error;
      assert.equal(e.code, 'PASSWORD_WEAK');
      assert.deepEqual(e.details.map((d: { code: string }) => d.code), ['PASSWORD_OWN_WORDS'], pw);
      assert.ok(e.zh.includes('平台') && e.en.includes('platform'), 'bilingual, naming the reason');
    }
    assert.equal((await change('Amber-Glacier-Thimble-15', 'Xinyong-Cobalt-Prairie-Whistle-68')).statusCode, 200);
    await assert.rejects(
      createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'pw.own2', displayName: '李四', role: 'auditor', password: 'xinyong-Xinyong1' }),
      (e) => (assert.deepEqual(codes(e), ['PASSWORD_OWN_WORDS']), true),
    );
  } finally {
    t.setToday('2026-11-20');
  }
});
