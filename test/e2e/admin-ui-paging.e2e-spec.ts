import { DocoraTestEnv } from '@lib/testing';
import {
  closeBrowser,
  loginThroughForm,
  openBrowser,
  requireChromium,
  shown,
  UiBrowser,
} from './support/browser';
import { useEnvHooks } from './support/env-hooks';

const APPS = 7;

/** The lists' pager in headless Chromium: page size and page turns reach the API and the URL. */
describe('Admin web UI paging (e2e, browser)', () => {
  let env: DocoraTestEnv;
  let ui: UiBrowser;

  beforeAll(async () => {
    requireChromium();
    env = await DocoraTestEnv.start({ mode: 'single', env: { ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE: '50' } });
    for (let i = 1; i <= APPS; i++) {
      await env.onboardApp(`Paged app ${i}`);
    }
    ui = await openBrowser(env.url);
    await loginThroughForm(ui.page, env.url);
  }, 120_000);

  afterAll(() => closeBrowser(ui));

  useEnvHooks(() => env);

  const pageOf = () => ui.page.locator('.page-of');
  const names = async () => (await ui.rows().locator('a').allTextContents()).sort();

  it('should show 5 rows per page, turn to the rest, and keep both in the URL', async () => {
    await ui.nav('Apps', 'Apps');
    await shown(pageOf().getByText(`Page 1 of 1 (${APPS} in all)`));
    expect(await ui.rows().count()).toBe(APPS);

    await ui.page.getByLabel('Rows per page').selectOption('5');
    await shown(pageOf().getByText(`Page 1 of 2 (${APPS} in all)`));
    const first = await names();
    expect(first).toHaveLength(5);
    expect(new URL(ui.page.url()).searchParams.get('limit')).toBe('5');

    await ui.page.getByRole('button', { name: 'Next' }).click();
    await shown(pageOf().getByText(`Page 2 of 2 (${APPS} in all)`));
    const second = await names();
    expect(second).toHaveLength(APPS - 5);
    expect([...first, ...second].sort()).toEqual(
      Array.from({ length: APPS }, (_, i) => `Paged app ${i + 1}`).sort(),
    );
    expect(new URL(ui.page.url()).searchParams.get('page')).toBe('2');

    // A new page size starts again from page 1.
    await ui.page.getByLabel('Rows per page').selectOption('10');
    await shown(pageOf().getByText(`Page 1 of 1 (${APPS} in all)`));
    expect(new URL(ui.page.url()).searchParams.get('page')).toBeNull();
    expect(ui.problems).toEqual([]);
  });
});
