// Shared steps of the work portal's browser tests (test/e2e/work-*.test.ts).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';
import { createStaffUser, type NewStaffInput } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

export const PASSWORD = 'Browser-Test-2026!';

// An account created through the service, as `xinyong users add` does, with a known password.
export async function addStaff(s: TestServer, input: Partial<NewStaffInput> & Pick<NewStaffInput, 'username' | 'role'>) {
  return createStaffUser(s.p, SYSTEM_ACTOR, null, { displayName: input.username, password: PASSWORD, mustChangePassword: false, ...input });
}

// Fills and submits the sign-in form (the page must be on it).
export async function fillSignIn(page: Page, username: string, password = PASSWORD, totp?: string): Promise<void> {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  if (totp !== undefined) await page.getByTestId('sign-in-totp').fill(totp);
  // waits for the answer, so the next step never races a request still in flight
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in')), page.getByTestId('sign-in-submit').click()]);
}

export async function signInAs(s: TestServer, page: Page, username: string, target = '/work'): Promise<void> {
  await page.goto(s.url + target);
  await page.getByTestId('sign-in-username').waitFor();
  await fillSignIn(page, username);
  await page.getByTestId('user-name').waitFor();
}

// Uncaught page errors and failed requests other than the API refusals a test expects.
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // the browser logs every non-2xx response; those the test provokes are checked by the test
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return problems;
}

export async function text(page: Page, testId: string): Promise<string> {
  const t = await page.getByTestId(testId).first().textContent();
  assert.ok(t !== null, `no text in ${testId}`);
  return t.trim();
}

// A screenshot into .test-tmp/ once nothing is loading (transitions finished, not caught midway).
export async function shot(page: Page, name: string): Promise<void> {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: `.test-tmp/${name}.png`, fullPage: true, animations: 'disabled' });
}
