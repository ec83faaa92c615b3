/**
 * `test` for journeys: like Playwright's, plus `tandem`, a server of its own for each test, stopped (and
 * checked to stop cleanly) after it.
 */
import { test as base } from '@playwright/test';
import { startTandem, type TandemServer } from './tandem-server.js';

export const test = base.extend<{ tandem: TandemServer }>({
  // Playwright reads the fixtures a fixture needs from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  tandem: async ({}, use, testInfo) => {
    const tandem = await startTandem();
    try {
      await use(tandem);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server output', { body: tandem.output(), contentType: 'text/plain' });
      }
      await tandem.stop();
    }
  },
});

export { expect } from '@playwright/test';
