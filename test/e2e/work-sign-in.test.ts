// The work portal's sign-in in a real browser: TOTP, a wrong password, redirect to where the
// user was going, the 403 page, an expired session, lockout, sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, clickSettled, fillSignIn, shot, text, watchProblems } from './work-helpers.ts';

const T0 = new Date('2026-11-20T04:00:00Z'); // 12:00 in Asia/Shanghai
let s: TestServer;
let browser: Browser;
let secret: string;

before(async () => {
  s = await startTestServer('2026-11-20');
  const admin = await addStaff(s, { username: 'admin', displayName: '王管理', role: 'platform_admin', regionCode: '130000' });
  assert.ok(admin.totp, 'platform administrators get a TOTP enrolment');
  secret = admin.totp.secret;
  await addStaff(s, { username: 'locked.user', displayName: '赵锁定', role: 'auditor', regionCode: '130000' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

const at = (seconds: number) => s.setNow(new Date(T0.getTime() + seconds * 1000));

test('a platform administrator signs in with password and TOTP after a wrong password, lands where they were going, and signs out', async () => {
  at(0);
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(s.url + '/work/admin/users');
  // not signed in: the sign-in page, remembering the way back
  await page.getByTestId('sign-in-username').waitFor();
  assert.match(page.url(), /\/work\/sign-in\?next=%2Fwork%2Fadmin%2Fusers$/);
  await shot(page, 'work-sign-in');

  await fillSignIn(page, 'admin', 'Not-The-Password-1', totpCode(secret, s.p.now()));
  await page.getByTestId('sign-in-error').waitFor();
  assert.match(await text(page, 'sign-in-error'), /用户名、密码或动态口令不正确/);
  await shot(page, 'work-sign-in-error');

  at(60); // past the delay after a failure; a fresh code for this moment
  await fillSignIn(page, 'admin', PASSWORD, totpCode(secret, s.p.now()));
  await page.getByTestId('users-table').waitFor();
  assert.match(page.url(), /\/work\/admin\/users$/);
  assert.equal(await text(page, 'user-name'), '王管理');
  assert.equal(await text(page, 'user-role'), '平台管理员');
  assert.equal(await text(page, 'user-where'), '河北省');
  // the administrator's menu: administration and the audit chain check, not collection
  const menu = await page.getByTestId('side-menu').innerText();
  assert.ok(menu.includes('用户管理') && menu.includes('部门管理') && menu.includes('接口凭证') && menu.includes('日志完整性校验'), menu);
  assert.ok(!menu.includes('上传数据文件') && !menu.includes('审计日志'), menu);
  await page.getByTestId('user-username').filter({ hasText: 'locked.user' }).waitFor();
  await shot(page, 'work-users');

  // a page the role may not open answers with the 403 page inside the layout
  await page.goto(s.url + '/work/collection/upload');
  await page.getByTestId('forbidden-page').waitFor();
  await shot(page, 'work-forbidden');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('signed-out').waitFor();
  // the session is gone on the server too: the portal asks to sign in again
  await page.goto(s.url + '/work');
  await page.getByTestId('sign-in-username').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('an expired session sends the user back to sign-in, and then back to the page', async () => {
  at(600);
  const page = await browser.newPage();
  await page.goto(s.url + '/work');
  await fillSignIn(page, 'admin', PASSWORD, totpCode(secret, s.p.now()));
  await page.getByTestId('home-user').waitFor();
  await shot(page, 'work-home');
  at(600 + 31 * 60); // 31 idle minutes: the session has ended
  await page.getByTestId('menu-departments').click();
  await page.getByTestId('session-expired').waitFor();
  assert.match(page.url(), /\/work\/sign-in\?next=%2Fwork%2Fadmin%2Fdepartments&reason=expired$/);
  await fillSignIn(page, 'admin', PASSWORD, totpCode(secret, s.p.now()));
  await page.getByTestId('departments-table').waitFor();
  assert.match(page.url(), /\/work\/admin\/departments$/);

  // 退出所有设备 ends this session as well
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out-everywhere').click();
  await clickSettled(page, 'confirm-sign-out-everywhere');
  await page.getByTestId('signed-out').waitFor();
  const live = await s.p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM staff_session ss JOIN staff_user u ON u.id = ss.user_id WHERE u.username = 'admin' AND ss.revoked_at IS NULL");
  assert.equal(live!.n, 0);
  await page.close();
});

test('after repeated failures the lockout is shown in Chinese with when it ends', async () => {
  const page = await browser.newPage();
  await page.goto(s.url + '/work/sign-in');
  let t = 7200;
  for (let i = 1; i <= 5; i++) {
    at((t += 60)); // each attempt after the previous one's delay
    await fillSignIn(page, 'locked.user', `Wrong-Password-${i}`);
    await page.getByTestId('sign-in-error').filter({ hasText: i < 5 ? '不正确' : '锁定' }).waitFor();
  }
  const message = await text(page, 'sign-in-error');
  assert.match(message, /登录失败次数过多，请 15 分钟后再试（约 \d\d:\d\d 解除锁定）/);
  await shot(page, 'work-sign-in-locked');
  // even the right password is refused while locked
  at((t += 60));
  await fillSignIn(page, 'locked.user', PASSWORD);
  await page.getByTestId('sign-in-error').filter({ hasText: '锁定' }).waitFor();
  await page.close();
});

test('the public portal never downloads the work portal’s code; /work does', async () => {
  const page = await browser.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(s.url + '/');
  await page.getByTestId('search-input').waitFor();
  await page.goto(s.url + '/publications');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  assert.ok(scripts.length > 0);
  assert.deepEqual(scripts.filter((u) => /WorkApp/.test(u)), [], scripts.join(' '));
  await page.goto(s.url + '/work/sign-in');
  await page.getByTestId('sign-in-username').waitFor();
  assert.ok(scripts.some((u) => /WorkApp/.test(u)), scripts.join(' '));
  await page.close();
});
