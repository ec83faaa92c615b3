/**
 * An agent opens the web client: it says the server is healthy and which version it runs. When the server
 * goes away, the client says so on its own, within a few seconds, without a reload.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleMessage } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { repoRoot, webClientIndex } from '../support/tandem-server.js';

async function tandemVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

test.beforeAll(() => {
  expect(existsSync(webClientIndex), `${webClientIndex} is missing: run \`npm run build:renderer\``).toBe(
    true,
  );
});

test('the web client shows a healthy server and notices when it goes away', async ({
  page,
  tandem,
}, testInfo) => {
  const problems: string[] = [];
  const noteProblem = (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(message.text());
  };
  page.on('console', noteProblem);
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(`${tandem.baseUrl}/`);

  await expect(page).toHaveTitle('Tandem');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tandem');
  const health = page.getByTestId('server-health');
  await expect(health).toHaveText('Server healthy');
  await expect(health).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('server-version')).toHaveText(`Version ${await tandemVersion()}`);
  await expect(page.getByTestId('server-components').getByRole('listitem')).not.toHaveCount(0);

  await page.screenshot({ path: testInfo.outputPath('home-healthy.png'), fullPage: true });
  // Nothing the page needs was refused (a CSP violation or a failed script shows up here).
  expect(problems).toEqual([]);
  page.off('console', noteProblem); // from here on, failed health requests are expected

  await tandem.stop();

  await expect(health).toContainText('Server unreachable', { timeout: 15_000 });
  await expect(health).toContainText('The server cannot be reached from here.');
  await page.screenshot({ path: testInfo.outputPath('home-unreachable.png'), fullPage: true });
});

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('a German browser gets German, and the keyboard switches to English', async ({ page, tandem }) => {
    await page.goto(`${tandem.baseUrl}/`);

    const health = page.getByTestId('server-health');
    await expect(health).toHaveText('Server in Ordnung');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');

    const language = page.getByLabel('Sprache');
    await page.keyboard.press('Tab');
    await expect(language).toBeFocused();
    await page.keyboard.press('ArrowUp'); // a closed <select> steps through its options: Deutsch -> English

    await expect(page.getByLabel('Language')).toHaveValue('en');
    await expect(health).toHaveText('Server healthy');
    await expect(page.getByRole('button', { name: 'Check now' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.reload(); // the choice outlives the page
    await expect(page.getByTestId('server-health')).toHaveText('Server healthy');
    await expect(page.getByLabel('Language')).toHaveValue('en');
  });
});
