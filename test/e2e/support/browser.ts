import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';

/** Debian's `chromium` package; scripts/ensure-browser.sh installs it (CI and jest's global setup run it). */
export const CHROMIUM_PATH = process.env.DOCORA_TEST_CHROMIUM || '/usr/bin/chromium';

/**
 * Flags for this machine's closed network: without the background-networking ones Chromium keeps trying to reach
 * Google's hosts (refused connections, failed look-ups) at every start.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Console noise that is not a fault of the page: the browser's log line for every 4xx answer it was given. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 4\d\d/;

export interface UiBrowser {
  page: Page;
  context: BrowserContext;
  /** Script errors, CSP refusals and other console errors seen so far: a sound UI has none. */
  problems: string[];
  shotsDir: string;
  /** A full-page screenshot into shotsDir (a temp folder, for a human to look at; never committed). */
  shot(name: string): Promise<void>;
  /** The page's title (its one h1). */
  heading(name: string): Locator;
  /** The open modal dialog. */
  dialog(): Locator;
  /** Follows a sidebar link and waits for the page's title. */
  nav(label: string, title: string): Promise<void>;
  /** Data rows of the page's tables, or those containing `text`. */
  rows(text?: string): Locator;
  /** The text of an overview / queue card's number. */
  metric(testId: string): Promise<string | null>;
  close(): Promise<void>;
}

/** Fails (never skips) when the browser is not installed, saying how to install it. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the admin UI tests drive a real browser. ` +
        'Install it with `sudo bash scripts/ensure-browser.sh` (apt-get install -y chromium) ' +
        'or point DOCORA_TEST_CHROMIUM at a Chromium binary.',
    );
  }
}

/** Starts headless Chromium with a fresh profile (clipboard allowed for `baseUrl`). */
export async function openBrowser(baseUrl: string): Promise<UiBrowser> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'docora-chromium-'));
  const shotsDir = mkdtempSync(join(tmpdir(), 'docora-admin-ui-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED_CONSOLE.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  let n = 0;
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
  return {
    page,
    context,
    problems,
    shotsDir,
    heading,
    dialog: () => page.getByRole('dialog'),
    async nav(label, title) {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: label, exact: true })
        .click();
      await shown(heading(title));
    },
    rows: (text) => page.locator('main tbody tr', text ? { hasText: text } : undefined),
    metric: (testId) => page.getByTestId(testId).locator('.metric-value').textContent(),
    async shot(name) {
      n += 1;
      await page.screenshot({
        path: join(shotsDir, `${String(n).padStart(2, '0')}-${name}.png`),
        fullPage: true,
      });
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** For afterAll: closes the browser (if it was opened) and says where its screenshots are. */
export async function closeBrowser(ui: UiBrowser | undefined): Promise<void> {
  if (ui) {
    await ui.close();
    console.log(`admin UI screenshots: ${ui.shotsDir}`);
  }
}

/** Logs in through the login form, as a person would, and waits for the overview. */
export async function loginThroughForm(
  page: Page,
  baseUrl: string,
  password = 'admin-password',
): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await shown(page.getByRole('heading', { level: 1, name: 'Overview' }));
}

/** Waits until the element is visible (playwright-core has no `expect`; its waits are the assertions here). */
export async function shown(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits until the element has gone from the page. */
export async function gone(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.waitFor({ state: 'detached', timeout });
}
