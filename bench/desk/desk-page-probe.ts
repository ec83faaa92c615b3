/**
 * What the benchmark watches inside the desk page, installed before the page's own scripts run
 * (`addInitScript`), with times on the wall clock (`performance.timeOrigin + performance.now()`):
 * - the sign-in form ready, the form submitted, and the phone registered (the connection status says so);
 * - each SIP INVITE arriving on the page's WebSocket (SIP.js opens its WebSocket after this runs);
 * - each incoming call becoming visible: the ringing panel inserted into the DOM (MutationObserver), and
 *   the next animation frame after it, when it is on screen.
 * Plain JavaScript in a string: it runs in the page, not in this process.
 */
import type { Page } from '@playwright/test';

export const REGISTERED_TEXT = 'Connected, phone registered';

export const deskProbeScript = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const probe = { formReadyAt: null, submittedAt: null, registeredAt: null, invites: [], rings: [] };
  window.__deskBench = probe;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.startsWith('INVITE ')) probe.invites.push(now());
      });
    }
  };
  document.addEventListener('submit', () => { probe.submittedAt = now(); }, true);
  let ringing = false;
  const look = () => {
    if (probe.formReadyAt === null && document.querySelector('form input')) probe.formReadyAt = now();
    const status = document.querySelector('[data-testid="connection-status"]');
    if (probe.registeredAt === null && status && status.textContent.trim() === ${JSON.stringify(REGISTERED_TEXT)})
      probe.registeredAt = now();
    const incoming = document.querySelector('[data-testid="incoming-call"]');
    if (incoming && !ringing) {
      ringing = true;
      const inDom = now();
      requestAnimationFrame(() => probe.rings.push({ inDom, onScreen: now() }));
    } else if (!incoming) ringing = false;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

export interface DeskProbe {
  formReadyAt: number | null;
  submittedAt: number | null;
  registeredAt: number | null;
  invites: number[];
  rings: { inDom: number; onScreen: number }[];
}

export function readProbe(page: Page): Promise<DeskProbe> {
  return page.evaluate('window.__deskBench') as Promise<DeskProbe>;
}

/**
 * How far the page's wall clock is ahead of this process's (ms): the page's time read halfway through the
 * quickest of a few round trips. Both clocks are the same system clock, so this is small; it is measured
 * rather than assumed.
 */
export async function pageClockOffset(
  page: Page,
  rounds = 15,
): Promise<{ offset: number; roundTrip: number }> {
  let best = { offset: 0, roundTrip: Infinity };
  for (let round = 0; round < rounds; round++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.roundTrip)
      best = { offset: inPage - (before + after) / 2, roundTrip: after - before };
  }
  return best;
}

/** The page's timeOrigin: when its navigation started, on the wall clock. */
export function pageTimeOrigin(page: Page): Promise<number> {
  return page.evaluate('performance.timeOrigin') as Promise<number>;
}
