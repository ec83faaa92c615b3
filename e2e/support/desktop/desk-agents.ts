/**
 * Signed-in desks for journeys with more than one agent, and what the server keeps of their calls:
 *
 *   const log = await signedInDesk(page, tandem, 'alice');   // Available, phone registered
 *   const caller = await answeredOnDesk(page, trunk);          // a trunk call, answered on the desk
 *   const calls = await callsOf(tandem, 'alice');             // GET /api/history/calls, newest first
 */
import { expect, type Page } from '@playwright/test';
import type { TrunkCall, TrunkCaller } from '../trunk-caller.js';
import { openDesk, signIn } from './desk-page.js';

export interface DeskServer {
  readonly baseUrl: string;
  readonly sip: { readonly wss: number };
}

/** Basic authorization for a demo agent (password `demo`), as the desk signs in. */
export function demoAuthorization(username: string, password = 'demo'): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Opens the desk, signs in through the form and waits for Available; resolves with the page's log. */
export async function signedInDesk(page: Page, tandem: DeskServer, username: string): Promise<string[]> {
  const log = await openDesk(page, tandem.baseUrl);
  await signIn(page, { baseUrl: tandem.baseUrl, wssPort: tandem.sip.wss, username, password: 'demo' });
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveText('Connected, phone registered');
  await expect(page.getByTestId('agent-state')).toHaveText('Available');
  return log;
}

/** `trunk` dials `number` (the support queue's by default) and the desk answers the offer; the caller's call. */
export async function answeredOnDesk(
  page: Page,
  trunk: TrunkCaller,
  number = '+15550101',
): Promise<TrunkCall> {
  const dialling = trunk.dial(number);
  await page
    .getByTestId('incoming-call')
    .getByRole('button', { name: /Answer/ })
    .click();
  return dialling;
}

export interface HandledCall {
  readonly id: string;
  readonly recordingRef: string | null;
}

/** The calls the server's history API lists for an agent. */
export async function callsOf(tandem: DeskServer, username: string): Promise<HandledCall[]> {
  const response = await fetch(`${tandem.baseUrl}/api/history/calls?since=0&limit=1000`, {
    headers: { Authorization: demoAuthorization(username) },
  });
  expect(response.status).toBe(200);
  const page = (await response.json()) as { calls: { id: string; recordingRef?: string | null }[] };
  return page.calls.map((call) => ({ id: call.id, recordingRef: call.recordingRef ?? null }));
}
