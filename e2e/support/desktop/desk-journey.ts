/**
 * What a desk journey leaves behind after each of its tests: what the test opened (trunk callers, another
 * agent's browser context, a server of its own) is closed, the last opened first; when the test failed, the
 * desks' page logs and those servers' output are attached to the report first.
 *
 *   const journey = deskJourney(test);                  // once, at the top of a spec
 *   const log = await journey.signedInDesk(page, tandem, 'alice');       // signedInDesk, its log kept
 *   const bobPage = await journey.deskInNewContext(browser, tandem, 'bob');
 *   journey.deskLog('alice', await openDesk(page, tandem.baseUrl));       // a desk signed in otherwise
 *   const trunk = journey.closes(await startTrunkCaller(tandem));
 *   const server = journey.closes(journey.reports('server output', await startRestartableTandem()));
 *   for (const log of journey.deskLogs()) expect(log.filter(...)).toEqual([]);
 */
import type { Browser, Page, TestInfo } from '@playwright/test';
import { signedInDesk, type DeskServer } from './desk-agents.js';

interface Closable {
  close(): Promise<unknown>;
}

interface HasOutput {
  output(): string;
}

/** The part of a Playwright `test` that deskJourney needs: its afterEach hook. */
interface AfterEachHook {
  afterEach(hook: (fixtures: object, testInfo: TestInfo) => Promise<void>): void;
}

export class DeskJourney {
  #deskLogs = new Map<string, string[]>();
  #outputs: { readonly name: string; readonly of: HasOutput }[] = [];
  #closing: (() => Promise<unknown>)[] = [];

  /** Keeps a desk page's log (openDesk's) to attach as "<name> desk log" if the test fails; returns it. */
  deskLog(name: string, log: string[]): string[] {
    this.#deskLogs.set(name, log);
    return log;
  }

  /** Opens the desk on `page` and signs `username` in until Available (signedInDesk); keeps and returns its log. */
  async signedInDesk(page: Page, tandem: DeskServer, username: string): Promise<string[]> {
    return this.deskLog(username, await signedInDesk(page, tandem, username));
  }

  /**
   * `username`'s desk in a browser context of its own (a second agent), signed in until Available; the
   * context closes after the test. `permissions` are granted to the desk's origin first.
   */
  async deskInNewContext(
    browser: Browser,
    tandem: DeskServer,
    username: string,
    { permissions = [] }: { readonly permissions?: readonly string[] } = {},
  ): Promise<Page> {
    const context = this.closes(await browser.newContext({ ignoreHTTPSErrors: true }));
    if (permissions.length > 0) await context.grantPermissions([...permissions], { origin: tandem.baseUrl });
    const page = await context.newPage();
    await this.signedInDesk(page, tandem, username);
    return page;
  }

  /** The desk page logs kept in this test. */
  deskLogs(): string[][] {
    return [...this.#deskLogs.values()];
  }

  /** Attaches `server`'s output as `name` if the test fails; returns the server. */
  reports<T extends HasOutput>(name: string, server: T): T {
    this.#outputs.push({ name, of: server });
    return server;
  }

  /** Closes `thing` after the test; returns it. */
  closes<T extends Closable>(thing: T): T {
    this.afterwards(() => thing.close());
    return thing;
  }

  /** Runs `step` after the test (the last registered first), e.g. to stop a server that has no close(). */
  afterwards(step: () => Promise<unknown>): void {
    this.#closing.push(step);
  }

  /** Attaches what a failed test leaves to look at, then closes everything (all of it, even if one fails). */
  async end(testInfo: TestInfo): Promise<void> {
    const [deskLogs, outputs, closing] = [this.#deskLogs, this.#outputs, this.#closing.reverse()];
    this.#deskLogs = new Map();
    this.#outputs = [];
    this.#closing = [];
    const failures: unknown[] = [];
    try {
      if (testInfo.status !== testInfo.expectedStatus) {
        for (const [name, log] of deskLogs)
          await testInfo.attach(`${name} desk log`, { body: log.join('\n'), contentType: 'text/plain' });
        for (const { name, of } of outputs)
          await testInfo.attach(name, { body: of.output(), contentType: 'text/plain' });
      }
    } finally {
      for (const step of closing) await step().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  }
}

/** A DeskJourney for the spec's tests, ended after each of them. */
export function deskJourney(test: AfterEachHook): DeskJourney {
  const journey = new DeskJourney();
  // Playwright reads the fixtures a hook needs from its first parameter, so it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  test.afterEach(async ({}, testInfo) => journey.end(testInfo));
  return journey;
}
