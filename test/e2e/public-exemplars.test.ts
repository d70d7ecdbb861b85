// 诚信典型 on 信用河北, in a real browser: the 诚信典型 page (nav entry) shows a nominee in its 公示
// with the period, refuses an empty objection with the server's Chinese message, files an
// objection and shows its receipt (kept on the server, content only); an exemplar approved after
// its 公示 is listed in its term. axe-core: no serious or critical violations on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { decide, nominate, review } from '../../src/modules/exemplars/exemplars.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { text, watchProblems } from './work-helpers.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const APPROVED = orgUscc('91', '130100', 'MA0PEX01');
const APPROVED_NAME = '石家庄公示认定示范有限公司';
const NOMINEE = orgUscc('91', '130100', 'MA0PEX02');
const NOMINEE_NAME = '石家庄公示期间商贸有限公司';
const OBJECTION = '该公司 2026 年 10 月拖欠供应商货款，不宜作为诚信典型。';

let s: TestServer;
let browser: Browser;
let nomineeNumber: string;
let publicity: { from: string; until: string };

before(async () => {
  s = await startTestServer('2026-11-02');
  const dep = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000961'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  // both companies on file with a minor penalty only (not a bad record for the green channel)
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'penalty', [
    penaltyRow({ CF_XDR_MC: APPROVED_NAME, CF_XDR_SHXYM: APPROVED, CF_WSH: '石市监罚〔2026〕961号', SEVERITY: '轻微' }),
    penaltyRow({ CF_XDR_MC: NOMINEE_NAME, CF_XDR_SHXYM: NOMINEE, CF_WSH: '石市监罚〔2026〕962号', SEVERITY: '轻微' }),
  ]);
  const first = await nominate(s.p, SYSTEM_ACTOR, dep, { subject: APPROVED, title: '诚信经营示范企业', domain: '市场监管', deeds: '连续十年守法经营，无消费投诉' });
  await review(s.p, SYSTEM_ACTOR, first.exemplarId, { decision: 'pass' });
  s.setToday('2026-11-20'); // its 公示 is over
  await decide(s.p, SYSTEM_ACTOR, first.exemplarId, { decision: 'approve' });
  const second = await nominate(s.p, SYSTEM_ACTOR, dep, { subject: NOMINEE, title: '守信经营先进单位', domain: '商贸流通', deeds: '主动公开价格，诚信经营' });
  const inPublicity = await review(s.p, SYSTEM_ACTOR, second.exemplarId, { decision: 'pass' });
  nomineeNumber = inPublicity.number;
  publicity = { from: inPublicity.publicityFrom!, until: inPublicity.publicityUntil! };
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.addScriptTag({ path: AXE });
  const r = (await page.evaluate(() => (window as unknown as { axe: { run(o: object): Promise<unknown> } }).axe.run({ resultTypes: ['violations'] }))) as AxeResult;
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('the 诚信典型 page: a nominee in 公示, an objection filed with its receipt, the approved exemplar in its term', async () => {
  const context = await browser.newContext({ bypassCSP: true }); // to inject axe-core
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(s.url + '/');
  await page.getByRole('link', { name: '诚信典型' }).first().click();
  await page.getByTestId('exemplar-nominee').first().waitFor();
  assert.equal(new URL(page.url()).pathname, '/exemplars');

  const nominees = page.getByTestId('exemplar-nominee');
  assert.equal(await nominees.count(), 1, 'only the nominee in its 公示, not the approved one');
  assert.equal(await text(page, 'exemplar-nominee-name'), NOMINEE_NAME);
  assert.equal(await text(page, 'exemplar-publicity-period'), `${publicity.from} 至 ${publicity.until}`);
  assert.equal(publicity.from, '2026-11-20');
  await page.getByTestId('exemplar-approved-link').first().waitFor();
  const approved = await text(page, 'exemplar-approved');
  assert.match(approved, new RegExp(APPROVED_NAME));
  assert.ok(!approved.includes(NOMINEE_NAME), 'a nominee is not an exemplar before the decision');

  const violations = await axe(page);
  assert.deepEqual(violations.map((v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);

  // an empty objection: the server's refusal, in Chinese; nothing kept
  await page.getByTestId('exemplar-object').click();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/objections') && r.status() === 400), page.getByTestId('exemplar-objection-submit').click()]);
  assert.match(await text(page, 'error-alert'), /请填写异议内容/);
  assert.equal((await s.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM exemplar_objection`))!.n, 0);

  await page.getByTestId('exemplar-objection-content').fill(OBJECTION);
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/objections') && r.status() === 200), page.getByTestId('exemplar-objection-submit').click()]);
  const receipt = await text(page, 'exemplar-objection-receipt');
  assert.match(receipt, new RegExp(`公示编号 ${nomineeNumber}，异议登记号 \\d+`));
  const kept = await s.p.db.query<{ content: string }>(`SELECT content FROM exemplar_objection`);
  assert.deepEqual(kept.map((o) => o.content), [OBJECTION]);
  assert.deepEqual(problems, []);
  await context.close();
});
