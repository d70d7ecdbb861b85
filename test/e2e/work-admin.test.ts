// 系统管理 and 审计 in the work portal, in a real browser: a platform administrator registers a
// department, creates a clerk (one-time password) and an operator (one-time TOTP QR code), issues
// and revokes an API client; the new clerk must change the password first; an auditor searches
// the trail and verifies the chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { uscc } from '../helpers/platform.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, clickSettled, fillSignIn, pick, shot, signInAs, text, watchProblems } from './work-helpers.ts';

let s: TestServer;
let browser: Browser;
let adminSecret: string;
let clerkPassword: string;
const DEPT_USCC = uscc('11130100MB0000077');

before(async () => {
  s = await startTestServer('2026-11-20');
  adminSecret = (await addStaff(s, { username: 'admin', displayName: '王管理', role: 'platform_admin', regionCode: '130000' })).totp!.secret;
  await addStaff(s, { username: 'auditor', displayName: '李审计', role: 'auditor', regionCode: '130000' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('a platform administrator registers a department, creates accounts and an API client', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  // the regions answer late, as on a loaded machine: each form's region TreeSelect is opened
  // while they are on their way (pick waits for them; typed before, the option never showed)
  await page.route('**/api/v1/public/regions', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.goto(s.url + '/work/admin/departments');
  await fillSignIn(page, 'admin', PASSWORD, totpCode(adminSecret, s.p.now()));
  await page.getByTestId('departments-table').waitFor();

  await page.getByTestId('department-add').click();
  await page.getByTestId('department-form-name').fill('石家庄市测试监督管理局');
  await page.getByTestId('department-form-uscc').fill(DEPT_USCC);
  await pick(page, 'department-form-region', '石家庄市（130100）', '石家庄');
  await pick(page, 'department-form-kinds', '市场监管', '市场');
  await page.getByTestId('department-form-kinds-reason').fill('市级市场监管部门，报送行政处罚和行政许可'); // a list-owning kind
  await shot(page, 'work-department-add');
  await page.getByTestId('department-save').click();
  await page.getByTestId('department-name').filter({ hasText: '石家庄市测试监督管理局' }).waitFor();
  const row = await page.locator('tr', { hasText: '石家庄市测试监督管理局' }).innerText();
  assert.ok(row.includes('河北省 石家庄市') && row.includes('市场监管') && row.includes(DEPT_USCC), row);
  await shot(page, 'work-departments');

  // a clerk of that department: the generated password is shown once
  await page.getByTestId('menu-users').click();
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-form-username').fill('new.clerk');
  await page.getByTestId('user-form-name').fill('刘经办');
  await pick(page, 'user-form-department', '石家庄市测试监督管理局（河北省 石家庄市）', '测试');
  await page.getByTestId('user-save').click();
  await page.getByTestId('issued-password').waitFor();
  clerkPassword = await text(page, 'issued-password');
  assert.equal(clerkPassword.length, 20);
  assert.equal(await page.getByTestId('totp-enrolment').count(), 0); // clerks have no TOTP by default
  await page.getByTestId('issued-close').click();

  // an operator: TOTP enrolment as QR code and text
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-form-username').fill('sjz.operator');
  await page.getByTestId('user-form-name').fill('陈运营');
  await pick(page, 'user-form-role', '运营人员');
  await pick(page, 'user-form-region', '石家庄市（130100）', '石家庄');
  await page.getByTestId('user-form-password').fill('Operator-Pass-2026');
  await page.getByTestId('user-save').click();
  await page.getByTestId('totp-enrolment').waitFor();
  assert.match(await text(page, 'totp-uri'), /^otpauth:\/\/totp\/Xinyong:sjz\.operator\?/);
  assert.match(await text(page, 'totp-secret'), /^[A-Z2-7]{32}$/);
  assert.equal(await page.locator('[data-testid="totp-qr"] canvas, [data-testid="totp-qr"] svg').count(), 1);
  await shot(page, 'work-user-totp');
  await page.getByTestId('issued-close').click();
  await page.getByTestId('user-username').filter({ hasText: 'sjz.operator' }).waitFor();
  await shot(page, 'work-users-after');

  // an API client: the credential once, then revoked
  await page.getByTestId('menu-clients').click();
  await page.getByTestId('client-add').click();
  await pick(page, 'client-form-department', '石家庄市测试监督管理局（河北省 石家庄市）', '测试');
  await page.getByTestId('client-form-name').fill('测试处罚系统');
  await page.getByTestId('client-save').click();
  await page.getByTestId('issued-credential').waitFor();
  assert.match(await text(page, 'issued-credential'), /^xk_[0-9a-f]{16}\.s1:[A-Za-z0-9_-]{43}$/);
  assert.ok((await text(page, 'once-warning')).includes('只显示这一次'));
  await shot(page, 'work-client-issued');
  await page.getByTestId('issued-close').click();
  await page.getByTestId('client-name').filter({ hasText: '测试处罚系统' }).waitFor();
  await page.locator('tr', { hasText: '测试处罚系统' }).getByTestId('client-revoke').click();
  await clickSettled(page, page.locator('.ant-popconfirm:visible').getByRole('button', { name: '吊 销' }).or(page.locator('.ant-popconfirm:visible').getByRole('button', { name: '吊销' })));
  await page.locator('tr', { hasText: '测试处罚系统' }).getByText('已吊销').waitFor();
  await shot(page, 'work-clients');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the new clerk must change the generated password first, then reaches the portal', async () => {
  const page = await browser.newPage();
  await page.goto(s.url + '/work/collection/batches');
  await fillSignIn(page, 'new.clerk', clerkPassword);
  await page.getByTestId('password-change-required').waitFor();
  assert.match(page.url(), /\/work\/password\?next=/);
  await page.getByTestId('password-current').fill(clerkPassword);
  await page.getByTestId('password-new').fill('short');
  await page.getByTestId('password-confirm').fill('short');
  await page.getByTestId('password-submit').click();
  await page.getByText('新密码至少 12 位').waitFor();
  await page.getByTestId('password-new').fill('Clerk-New-Pass-2026');
  await page.getByTestId('password-confirm').fill('Clerk-New-Pass-2026');
  await page.getByTestId('password-submit').click();
  await page.getByTestId('batches-table').waitFor();
  assert.match(page.url(), /\/work\/collection\/batches$/);
  await page.getByTestId('batches-empty').waitFor();
  await shot(page, 'work-batches-empty');
  await page.close();
});

test('an auditor searches the trail and verifies the chain', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'auditor', '/work/audit/events');
  await page.getByTestId('audit-table').waitFor();
  await page.getByTestId('audit-action-input').fill('staff.*');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/audit/events?') && r.url().includes('action=')), page.getByTestId('audit-search').click()]);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  const actions = await page.getByTestId('audit-action').allTextContents();
  assert.ok(actions.length >= 4 && actions.every((a) => a.startsWith('创建用户') || a.startsWith('修改用户')), actions.join(' | '));
  assert.ok((await page.getByTestId('audit-actor').allTextContents()).includes('staff:admin'));
  assert.match(page.url(), /action=staff\.\*/);
  await shot(page, 'work-audit-events');
  const href = await page.getByTestId('audit-export-csv').getAttribute('href');
  assert.equal(href, '/api/v1/audit/events/export?action=staff.*&format=csv'); // the same filters as the table

  await page.getByTestId('menu-audit-verify').click();
  await page.getByTestId('audit-verify').click();
  await page.getByTestId('audit-verify-status').waitFor();
  assert.equal(await text(page, 'audit-verify-status'), '审计日志完整');
  await shot(page, 'work-audit-verify');
  assert.deepEqual(problems, []);
  await page.close();
});
