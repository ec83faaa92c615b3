/**
 * `test` for journeys with browser agents: the journeys' `test` (with `tandem`), plus
 * - Chromium launched with chromium-switches.node.ts: media on 127.0.0.1 only, and the fake microphone
 *   playing a steady 440 Hz tone instead of its beeps;
 * - contexts that accept the server's self-signed certificate (for wss);
 * - `openAgent(options, context?)`: an agent whose page closes after the test, and whose log (SIP.js and
 *   the page's console) is attached to the report when the test fails.
 */
import type { BrowserContext } from '@playwright/test';
import { test as base } from '../fixtures.js';
import { openBrowserAgent, type BrowserAgent, type OpenBrowserAgentOptions } from './browser-agent.node.js';
import { agentChromiumSwitches } from './chromium-switches.node.js';

export interface BrowserAgentFixtures {
  /** Opens an agent in the test's context, or in `context` (e.g. a second agent in its own context). */
  openAgent(options: OpenBrowserAgentOptions, context?: BrowserContext): Promise<BrowserAgent>;
}

export const test = base.extend<BrowserAgentFixtures>({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), ...agentChromiumSwitches()] });
    },
    { scope: 'worker' },
  ],
  ignoreHTTPSErrors: true,
  openAgent: async ({ context }, use, testInfo) => {
    const agents: BrowserAgent[] = [];
    await use(async (options, inContext = context) => {
      const agent = await openBrowserAgent(inContext, options);
      agents.push(agent);
      return agent;
    });
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [index, agent] of agents.entries()) {
        await testInfo.attach(`agent ${index + 1} ${agent.username} log`, {
          body: agent.log.join('\n'),
          contentType: 'text/plain',
        });
      }
    }
    await Promise.all(agents.map((agent) => agent.close()));
  },
});

export { expect } from '@playwright/test';
