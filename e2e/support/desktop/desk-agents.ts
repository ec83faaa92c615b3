/**
 * Signed-in desks for journeys, the calls they answer, and what the server keeps of those calls:
 *
 *   const log = await signedInDesk(page, tandem, 'alice');   // Available, phone registered
 *   await signInAvailable(page, tandem, 'alice');              // the same on a desk already open
 *   const caller = await answeredOnDesk(page, trunk);          // a trunk call, answered on the desk
 *   const caller = await answeredOnDesk(page, trunk, { withKeyboard: true });   // with Ctrl+Enter
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

/** Fills the open desk's sign-in form for `tandem` and sends it (the demo agents' password by default). */
export function signInAs(page: Page, tandem: DeskServer, username: string, password = 'demo'): Promise<void> {
  return signIn(page, { baseUrl: tandem.baseUrl, wssPort: tandem.sip.wss, username, password });
}

/** The desk shows `username` signed in, the phone registered, and the agent Available. */
export async function expectSignedIn(page: Page, username: string): Promise<void> {
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveText('Connected, phone registered');
  await expect(page.getByTestId('agent-state')).toHaveText('Available');
}

/** Signs in through the open desk's form and waits for Available. */
export async function signInAvailable(page: Page, tandem: DeskServer, username: string): Promise<void> {
  await signInAs(page, tandem, username);
  await expectSignedIn(page, username);
}

/** Opens the desk, signs in through the form and waits for Available; resolves with the page's log. */
export async function signedInDesk(page: Page, tandem: DeskServer, username: string): Promise<string[]> {
  const log = await openDesk(page, tandem.baseUrl);
  await signInAvailable(page, tandem, username);
  return log;
}

export interface AnswerOptions {
  /** The number `trunk` dials; the support queue's by default. */
  readonly number?: string;
  /** Answer with Ctrl+Enter rather than the Answer button. */
  readonly withKeyboard?: boolean;
}

/** `trunk` dials, the offer rings on the desk, the agent answers it and is on the call; the caller's call. */
export async function answeredOnDesk(
  page: Page,
  trunk: TrunkCaller,
  { number = '+15550101', withKeyboard = false }: AnswerOptions = {},
): Promise<TrunkCall> {
  const dialling = trunk.dial(number);
  const incoming = page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  if (withKeyboard) await page.keyboard.press('Control+Enter');
  else await incoming.getByRole('button', { name: /Answer/ }).click();
  const call = await dialling;
  await expect(page.getByTestId('active-call')).toBeVisible();
  return call;
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
