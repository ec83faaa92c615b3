/**
 * The agent desk as a person uses it, for journeys: opens the served client, signs in through the form, and
 * collects what the page logs (attached to the report when a journey fails).
 */
import type { Page } from '@playwright/test';
import { recordPeerConnections } from './peer-connection-probe.js';

export interface DeskSignIn {
  readonly baseUrl: string;
  /** The server's SIP WebSocket port for wss. */
  readonly wssPort: number;
  readonly username: string;
  readonly password: string;
}

/** Opens the client at the server's address, recording its peer connections and its console. */
export async function openDesk(page: Page, baseUrl: string): Promise<string[]> {
  const log: string[] = [];
  page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.stack ?? error.message}`));
  await recordPeerConnections(page);
  await page.goto(`${baseUrl}/`);
  return log;
}

/** Fills the sign-in form and submits it with the keyboard. */
export async function signIn(page: Page, form: DeskSignIn): Promise<void> {
  await page.getByLabel('Server address').fill(form.baseUrl);
  await page.getByLabel('Phone connection (SIP WebSocket)').fill(`wss://127.0.0.1:${form.wssPort}`);
  await page.getByLabel('Agent name').fill(form.username);
  await page.getByLabel('Password').fill(form.password);
  await page.getByLabel('Password').press('Enter');
}
