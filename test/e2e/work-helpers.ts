// Shared steps of the work portal's browser tests (test/e2e/work-*.test.ts).
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
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

// Picks `option` (its whole text, or a pattern) in the antd Select or TreeSelect `testId`, typing
// `search` into it first when given, the way a user does. Each step waits for the state the next
// one needs, never for a time:
// - the select's options have arrived (no `ant-select-loading`). A TreeSelect expands the nodes
//   that match the search text only when that text changes, over the tree it holds then
//   (@rc-component/tree-select's OptionList): typed while the regions were still on their way,
//   nothing expands once they arrive and the option never shows. That was the work-admin failure
//   in CI (2026-12-06, load 2–3: the regions request of the new-user form outlived the typing);
//   work-admin.test.ts now answers the regions late on purpose;
// - its dropdown is open (`ant-select-open`) before anything is typed;
// - the option is clicked where it shows: in a dropdown that shows (a closed select's dropdown
//   stays in the page, hidden, with its options), not in rc-select's hidden list for screen readers;
// - the select shows the choice, is closed (a multiple select stays open after a choice: a click
//   on its modal's title, or Escape outside a modal, closes it) and no dropdown shows any more, so
//   that the next step neither clicks into a dropdown still fading out nor finds its options.
export async function pick(page: Page, testId: string, option: string | RegExp, search = ''): Promise<void> {
  const select = page.getByTestId(testId);
  const sel = `[data-testid="${testId}"]`;
  await page.locator(`${sel}:not(.ant-select-loading)`).waitFor();
  await select.click();
  await page.locator(`${sel}.ant-select-open`).waitFor();
  if (search) await page.keyboard.type(search);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  // visible: beside the options, rc-select keeps a hidden list of values for screen readers
  const choice = (typeof option === 'string' ? dropdown.getByText(option, { exact: true }) : dropdown.getByText(option)).filter({ visible: true }).first();
  // A click can land while the dropdown re-renders the filtered list (CI, load ~8: a TreeSelect kept
  // its search text and its dropdown open, nothing chosen). Clicked again only when the select does
  // not show the choice, so a multiple select never has a choice toggled off; at most three times.
  for (let attempt = 1; ; attempt++) {
    await choice.click();
    if (attempt === 3) break;
    try {
      await select.filter({ hasText: option }).waitFor({ timeout: 10_000 });
      break;
    } catch {
      if (await select.filter({ hasText: option }).count()) break;
    }
  }
  await select.filter({ hasText: option }).waitFor();
  if (await page.locator(`${sel}.ant-select-open`).count()) {
    const modalTitle = page.locator('.ant-modal-content').filter({ has: select }).locator('.ant-modal-title');
    if (await modalTitle.count()) await modalTitle.click();
    else await page.keyboard.press('Escape');
  }
  await page.locator(`${sel}:not(.ant-select-open)`).waitFor();
  await dropdown.first().waitFor({ state: 'hidden' });
}

// A pattern for an option whose text contains `part` (for pick).
// Clicks a button inside a modal, popover or dropdown once that overlay has finished appearing: a
// click while antd's zoom-in runs can land on a frame where the button is not yet where the
// browser last saw it (CI, load ~5: the confirm of 退出所有设备 was lost, the modal stayed open).
export async function clickSettled(page: Page, target: string | Locator): Promise<void> {
  const button = typeof target === 'string' ? page.getByTestId(target) : target;
  await button.waitFor();
  await button.evaluate((el) => {
    const overlay = el.closest('.ant-modal, .ant-popover, .ant-dropdown') ?? el;
    return Promise.all(overlay.getAnimations({ subtree: true }).map((a) => a.finished)).then(() => undefined);
  });
  await button.click();
}

export function containing(part: string): RegExp {
  return new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
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
