// The portal says how fresh its data are (issue 14, decision 0027): public pages that may be served
// by a read replica show "数据截至 …" (Beijing time) from the X-Data-As-Of header the server sends for
// that request — the search, the subject page, 双公示 and a list's entries; without a replica
// configured the server sends no header and the pages show none. The platform's read router is
// replaced by one that answers from the primary but reports a replica lagging at a fixed instant,
// so the server's own publicRead writes the headers and the page must show exactly that instant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addTestDepartment, addTestClient, DEPT_USCC, uscc } from '../helpers/platform.ts';
import { penaltyRow, licenseRow } from '../helpers/rows.ts';
import { launchChromium } from '../helpers/browser.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { ReadRouter } from '../../src/kernel/read-replica.ts';

const AS_OF = new Date('2026-11-20T03:34:05.678Z'); // 11:34:05 in Beijing
const SHOWN = '数据截至 2026-11-20 11:34:05';

let s: TestServer;
let browser: Browser;
let real: ReadRouter;

// the replica is "configured" and lagging: public reads say they are as of AS_OF
function lagging(): ReadRouter {
  return {
    ...real,
    pick: () => ({ ...real.pick(), source: 'replica', asOf: AS_OF, lagMs: 5_000 }),
    status: () => ({ ...real.status(), configured: true, source: 'replica', asOf: AS_OF.toISOString(), lagMs: 5_000 }),
  };
}

before(async () => {
  s = await startTestServer('2026-11-20');
  const dep = await addTestDepartment(s.p, DEPT_USCC);
  await addTestClient(s.p, dep);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow()]);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'license', [licenseRow()]);
  const court = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000771'), name: '石家庄市长安区人民法院', regionCode: '130100', kinds: ['court'] });
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [{
    ZTMC: '石家庄华信达商贸有限公司', ZTLB: '法人及非法人组织', TYSHXYDM: penaltyRow().CF_XDR_SHXYM!, FDDBR: '张某', AH: '（2026）冀0102执771号', ZXFY: '石家庄市长安区人民法院',
    ZXYJWH: '（2025）冀0102民初771号', ZCZXYJDW: '石家庄市长安区人民法院', LASJ: '2026-01-10', SXYW: '支付货款人民币10万元',
    LXQK: '全部未履行', SXQX: '有履行能力而拒不履行生效法律文书确定义务', RDRQ: '2026-03-01', YXQZ: '',
  }]);
  assert.deepEqual(r.results.map((x) => x.status), ['created'], JSON.stringify(r.results));
  real = s.p.reads;
  browser = await launchChromium();
});
after(async () => {
  if (real) s.p.reads = real;
  await browser?.close();
  await s?.close();
});

async function asOfOn(page: Page, url: string, ready: string): Promise<{ text: string; asOf: string | null; source: string | null } | null> {
  await page.goto(s.url + url);
  await page.getByTestId(ready).first().waitFor();
  const el = page.getByTestId('data-as-of');
  if ((await el.count()) === 0) return null;
  return { text: (await el.first().innerText()).trim(), asOf: await el.first().getAttribute('data-as-of'), source: await el.first().getAttribute('data-source') };
}

test('search, subject page, 双公示 and a list show the as-of time the server sent, in Beijing time', async () => {
  s.p.reads = lagging();
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const pages: [string, string][] = [
    ['/search?q=' + encodeURIComponent('华信达'), 'result-link'],
    ['/publications', 'publication-subject-link'],
    ['/lists/dishonest-debtor', 'entry-link'],
  ];
  for (const [url, ready] of pages) {
    const shown = await asOfOn(page, url, ready);
    assert.ok(shown, `${url}: no 数据截至`);
    assert.equal(shown.text, `${SHOWN}（北京时间）`, url);
    assert.equal(shown.asOf, AS_OF.toISOString(), url);
    assert.equal(shown.source, 'replica', url);
  }
  // the subject page, reached from the search
  await page.goto(s.url + '/search?q=' + encodeURIComponent('华信达'));
  await page.getByTestId('result-link').first().click();
  await page.getByTestId('subject-name').waitFor();
  assert.equal((await page.getByTestId('data-as-of').innerText()).trim(), `${SHOWN}（北京时间）`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('without a replica configured the server sends no as-of header and the pages show none', async () => {
  s.p.reads = real;
  const page = await browser.newPage();
  for (const [url, ready] of [
    ['/search?q=' + encodeURIComponent('华信达'), 'result-link'],
    ['/publications', 'publication-subject-link'],
    ['/lists/dishonest-debtor', 'entry-link'],
  ] as const)
    assert.equal(await asOfOn(page, url, ready), null, url);
  await page.goto(s.url + '/search?q=' + encodeURIComponent('华信达'));
  await page.getByTestId('result-link').first().click();
  await page.getByTestId('subject-name').waitFor();
  await page.getByTestId('record-card').first().waitFor();
  assert.equal(await page.getByTestId('data-as-of').count(), 0);
  await page.close();
});
