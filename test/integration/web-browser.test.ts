// The web app in a real browser (issue 14's acceptance): Debian's Chromium driven by playwright-core against
// the stack `fordeler serve` builds (test/support/web-stack.ts: real OIDC login at the local identity
// provider, the pages on the API's instance, PGlite). A journal worker logs in through the provider's login
// form, finds a parked item, accepts a suggestion (the hand-over is recorded by the harness's re-distribution
// action — no FK emulator here), opens an item and re-distributes it, edits the rule draft and sees the
// validation error inline, simulates and publishes, and opens the statistics; a staff person is refused the
// rules and gets "Ikke fundet" for another scope's item. Every page is screenshotted to
// test-artifacts/screenshots/ and checked with axe-core: no serious or critical violations.
// Waits are Playwright's bounded ones; nothing asserts on timing.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, describeViolations, launchBrowser, screenshot, seriousViolations } from '../support/browser.js';
import { ACCOUNTS, startWebStack, type WebStack } from '../support/web-stack.js';

const missing = browserMissing();
const WAIT = { timeout: 20_000 };

describe.skipIf(missing !== undefined)(missing ? `the web app in Chromium — skipped: ${missing}` : 'the web app in Chromium', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await stack?.close();
  });

  /** A fresh browser profile logged in as `account` through the provider's development login form. */
  async function logIn(account: (typeof ACCOUNTS)[keyof typeof ACCOUNTS], path = '/'): Promise<Page> {
    const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${stack.url}${path}`);
    // Fordeler sent us to the identity provider: its own origin, its login form.
    await page.waitForURL((url) => url.href.startsWith(stack.idp.issuer), WAIT);
    await page.locator('input[name="login"]').fill(account.id);
    await page.locator('input[name="password"]').fill('ethvert-kodeord');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.href.startsWith(stack.url) && !url.pathname.startsWith('/auth/'), WAIT);
    return page;
  }

  /** Screenshot as <name>.png and axe-core: no serious or critical violations (a soft assertion: the test goes on, then fails). */
  async function check(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('load');
    await screenshot(page, name);
    const violations = await seriousViolations(page);
    expect.soft(violations, `${name} (${page.url()}):\n${describeViolations(violations)}`).toEqual([]);
  }

  /** The item's destination as the JSON API tells the same logged-in person (session cookie). */
  async function destinationOf(page: Page, itemId: string): Promise<string | null | undefined> {
    const response = await page.request.get(`${stack.url}/api/v1/items/${itemId}`);
    return response.ok() ? ((await response.json()) as { item: { destination: string | null } }).item.destination : undefined;
  }

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  describe('as the journal function', () => {
    let page: Page;
    let landedAt: string;
    beforeAll(async () => {
      page = await logIn(ACCOUNTS.journal);
      landedAt = new URL(page.url()).pathname;
    }, 60_000);

    it('logs in through the identity provider and lands in the rest mailbox, in Danish', async () => {
      expect(landedAt).toBe('/restpostkasse');
      await page.goto(`${stack.url}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('da');
      await expect.poll(() => heading(page, 'Restpostkasse').count(), WAIT).toBe(1);
      await expect.poll(() => page.getByText(ACCOUNTS.journal.name).count(), WAIT).toBeGreaterThan(0);
      // The journal function sees all parked post, the sensitive item too.
      for (const subject of ['Ansøgning om boligstøtte', 'Flytning og boligydelse', 'Bekymring for et barn']) {
        await expect.poll(() => page.getByRole('row').filter({ hasText: subject }).count(), WAIT).toBe(1);
      }
      await check(page, 'restpostkasse');
    });

    it('finds a parked item by its subject and accepts its first suggestion; the hand-over is recorded', async () => {
      await page.goto(`${stack.url}/restpostkasse`);
      await page.getByLabel(/Søg/).first().fill('boligydelse');
      await page.getByRole('button', { name: /Søg|Filtrér|Vis/ }).first().click();
      const row = page.getByRole('row').filter({ hasText: 'Flytning og boligydelse' });
      await expect.poll(() => row.count(), WAIT).toBe(1);
      await expect.poll(() => page.getByRole('row').filter({ hasText: 'Ansøgning om boligstøtte' }).count(), WAIT).toBe(0);
      await check(page, 'restpostkasse-soegning');
      await row.getByRole('button', { name: /Accepter/ }).first().click();
      await expect.poll(() => page.getByText(/Forsendelsen er fordelt til KY/).count(), WAIT).toBe(1);
      await expect.poll(() => stack.delivered.includes(stack.items.parkedToAccept), WAIT).toBe(true);
      await expect.poll(() => destinationOf(page, stack.items.parkedToAccept), WAIT).toBe('KY');
      await check(page, 'restpostkasse-accepteret');
    });

    it('opens a parked item\'s page and places it with the destination chosen in its form', async () => {
      await page.goto(`${stack.url}/forsendelser/${stack.items.parkedToPlace}`);
      await expect.poll(() => page.getByText('Spørgsmål om skolefritidsordning').count(), WAIT).toBeGreaterThan(0);
      await check(page, 'forsendelse');
      const before = stack.delivered.length;
      await page.getByLabel('Modtager').selectOption('SKOLE');
      await page.getByRole('button', { name: 'Fordel', exact: true }).click();
      await expect.poll(() => stack.delivered.length, WAIT).toBe(before + 1);
      expect(stack.delivered.at(-1)).toBe(stack.items.parkedToPlace);
      await expect.poll(() => destinationOf(page, stack.items.parkedToPlace), WAIT).toBe('SKOLE');
      await page.waitForLoadState('load');
      await check(page, 'forsendelse-fordelt');
    });

    it('shows the failed items and retries one ("Prøv igen"): its job is queued again', async () => {
      await page.goto(`${stack.url}/fejlede`);
      const row = page.getByRole('row').filter({ hasText: 'Ulæselig scanning' });
      await expect.poll(() => row.count(), WAIT).toBe(1);
      await check(page, 'fejlede');
      await row.getByRole('button', { name: /Prøv igen/ }).click();
      await expect.poll(() => page.getByText(/Forsendelsen er (sendt videre|sat til at blive prøvet) igen/).count(), WAIT).toBe(1);
      await expect.poll(() => stack.harness.requeued.some((r) => r.itemId === stack.items.failed), WAIT).toBe(true);
      await check(page, 'fejlede-proevet-igen');
    });

    it('edits the rule draft: broken JSON is reported inline while typing; simulates and publishes', async () => {
      await page.goto(`${stack.url}/regler`);
      await expect.poll(() => heading(page, 'Regler').count(), WAIT).toBe(1);
      await check(page, 'regler');
      const editor = page.getByLabel('Regelfil (JSON)');
      const original = await editor.inputValue();
      await editor.fill('');
      await editor.pressSequentially('{"rules": [', { delay: 10 });
      const problems = page.locator('#validering');
      await expect.poll(() => problems.getByText('Teksten er ikke gyldig JSON').count(), WAIT).toBe(1);
      await check(page, 'regler-valideringsfejl');
      await editor.fill(original);
      await editor.press('End');
      await expect.poll(() => problems.getByText('Teksten er ikke gyldig JSON').count(), WAIT).toBe(0);
      await page.getByRole('button', { name: 'Gem kladde' }).click();
      await expect.poll(() => page.getByText('Kladden er gemt.').count(), WAIT).toBe(1);
      await page.getByRole('button', { name: 'Simulér' }).click();
      await expect.poll(() => page.locator('#simulering').getByText(/forsendelser i perioden/).count(), WAIT).toBe(1);
      await check(page, 'regler-simulering');
      await page.getByRole('button', { name: /^Udgiv/ }).click();
      await expect.poll(() => page.getByText('Kladden er offentliggjort.').count(), WAIT).toBe(1);
      await check(page, 'regler-udgivet');
    });

    it('shows the statistics with a chart per figure', async () => {
      await page.goto(`${stack.url}/statistik`);
      await expect.poll(() => heading(page, 'Statistik').count(), WAIT).toBe(1);
      await expect.poll(() => page.locator('main svg').count(), WAIT).toBeGreaterThanOrEqual(5);
      const csv = page.getByRole('link', { name: 'Eksportér CSV' });
      const exported = await page.request.get(new URL((await csv.getAttribute('href'))!, stack.url).href);
      expect(exported.status()).toBe(200);
      expect(exported.headers()['content-type']).toMatch(/^text\/csv/);
      await check(page, 'statistik');
    });
  });

  describe('as staff of one destination', () => {
    let page: Page;
    let landedAt: string;
    beforeAll(async () => {
      page = await logIn(ACCOUNTS.staff);
      landedAt = new URL(page.url()).pathname;
    }, 60_000);

    it('sees the rest mailbox of its scope only', async () => {
      expect(landedAt).toBe('/restpostkasse');
      await expect.poll(() => page.getByRole('row').filter({ hasText: 'Ansøgning om boligstøtte' }).count(), WAIT).toBe(1);
      expect(await page.getByRole('row').filter({ hasText: 'Bekymring for et barn' }).count()).toBe(0);
      await check(page, 'restpostkasse-medarbejder');
    });

    it('is refused the rules editor', async () => {
      const response = await page.goto(`${stack.url}/regler`);
      expect(response?.status()).toBe(403);
      await expect.poll(() => heading(page, 'Ingen adgang').count(), WAIT).toBe(1);
      expect(await page.getByLabel('Regelfil (JSON)').count()).toBe(0);
      await check(page, 'regler-ingen-adgang');
    });

    it('gets "Ikke fundet" for another scope\'s item, as for an id that does not exist', async () => {
      const response = await page.goto(`${stack.url}/forsendelser/${stack.items.otherScope}`);
      expect(response?.status()).toBe(404);
      await expect.poll(() => heading(page, 'Ikke fundet').count(), WAIT).toBe(1);
      expect(await page.getByText('Underretning fra skolen').count()).toBe(0);
      await check(page, 'forsendelse-ikke-fundet');
    });

    it('logs out with "Log ud": the session ends and the browser goes to the identity provider\'s logout', async () => {
      await page.goto(`${stack.url}/restpostkasse`);
      expect((await page.request.get(`${stack.url}/auth/me`)).status()).toBe(200);
      await page.getByRole('button', { name: 'Log ud' }).click();
      await page.waitForURL((url) => url.href.startsWith(stack.idp.issuer), WAIT);
      expect((await page.request.get(`${stack.url}/auth/me`)).status()).toBe(401);
      const back = await page.request.get(`${stack.url}/restpostkasse`, { maxRedirects: 0 });
      expect(back.status()).toBe(303);
      expect(back.headers().location).toMatch(/^\/auth\/login/);
    });
  });

  describe('as an administrator', () => {
    let page: Page;
    beforeAll(async () => {
      page = await logIn(ACCOUNTS.administrator, '/revision');
    }, 60_000);

    it('reads the access log on the Revision page: an item page just viewed is there, with who viewed it', async () => {
      expect(new URL(page.url()).pathname).toBe('/revision');
      await expect.poll(() => heading(page, 'Revision').count(), WAIT).toBe(1);
      const viewed = page.getByRole('row').filter({ hasText: ACCOUNTS.administrator.name });
      expect(await viewed.count()).toBe(0);
      await page.goto(`${stack.url}/forsendelser/${stack.items.routed}`);
      await expect.poll(() => page.getByText('Boligstøtte: ændrede indtægtsforhold').count(), WAIT).toBeGreaterThan(0);
      await page.goto(`${stack.url}/revision`);
      await expect.poll(() => viewed.count(), WAIT).toBeGreaterThan(0);
      await check(page, 'revision');
    });

    it('opens the Drift page: items per state, the failed one counted', async () => {
      await page.goto(`${stack.url}/drift`);
      await expect.poll(() => heading(page, 'Drift').count(), WAIT).toBe(1);
      await expect.poll(() => page.getByRole('row').filter({ hasText: /Fejle/ }).count(), WAIT).toBeGreaterThan(0);
      await check(page, 'drift');
    });
  });
});
