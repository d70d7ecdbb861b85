// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterEach } from 'node:test';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CHROMIUM = process.env.XINYONG_CHROMIUM ?? '/usr/bin/chromium';

// How long any browser wait may take before the test fails: every wait in test/e2e waits for a
// state (an element, a response, a URL), and this only bounds it. Playwright's own default (30 s)
// is shorter than a page of the work portal took to appear on the loaded 2-core CI machine (the
// work-admin failures in CI); a quiet machine is never assumed. XINYONG_E2E_WAIT_MS to change it.
export const E2E_WAIT_MS = Number(process.env.XINYONG_E2E_WAIT_MS ?? 180_000);
export const WAIT = { timeout: E2E_WAIT_MS };

function generous(context: BrowserContext): BrowserContext {
  context.setDefaultTimeout(E2E_WAIT_MS);
  context.setDefaultNavigationTimeout(E2E_WAIT_MS);
  return context;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (.ci/run does this)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: E2E_WAIT_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // every context and page the tests open (browser.newPage opens a context of its own) gets the
  // generous bound
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => generous(await newContext(options));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    generous(page.context());
    page.setDefaultTimeout(E2E_WAIT_MS);
    page.setDefaultNavigationTimeout(E2E_WAIT_MS);
    return page;
  };
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  return browser;
}

// After a test that failed, a screenshot of every page still open (the failing test's, as a rule:
// it failed before its `page.close()`) goes to .test-tmp/e2e-failures/FILE-N.png, the test's name
// and the page's URL to FILE-N.txt; bin/run-tests.mjs names them beside the failing test. The hook
// is registered for every test of a file that imports this module (node:test's root afterEach).
export const FAILURE_SHOTS = path.join('.test-tmp', 'e2e-failures');
const launched = new Set<Browser>();
let shots = 0;
afterEach(async (t) => {
  if (!('passed' in t) || t.passed !== false) return;
  const pages = [...launched].flatMap((b) => b.contexts()).flatMap((c) => c.pages()).filter((p) => !p.isClosed());
  if (pages.length === 0) return;
  const file = path.basename(process.argv.find((a) => a.endsWith('.test.ts')) ?? 'browser', '.test.ts');
  mkdirSync(FAILURE_SHOTS, { recursive: true });
  for (const page of pages) {
    const base = path.join(FAILURE_SHOTS, `${file}-${++shots}`);
    writeFileSync(`${base}.txt`, `${t.name}\n${page.url()}\n`);
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 15_000 }).catch(() => {});
  }
});
