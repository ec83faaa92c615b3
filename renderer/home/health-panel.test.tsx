import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TandemProvider } from '../app/tandem-context.js';
import { createTandemStore, type TandemStore } from '../store/store.js';
import { degradedReport, healthyReport } from '../test-support/health-reports.js';
import { HealthPanel } from './health-panel.js';

const services = { health: { checkNow: () => Promise.reject(new Error('not in this test')) } };

/** Renders the card as it looks for the store's current state. */
function render(store: TandemStore): string {
  // Server rendering reads zustand's initial state; this store's current state is what the test is about.
  const current: TandemStore = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <TandemProvider store={current} services={services}>
      <HealthPanel />
    </TandemProvider>,
  );
}

/** The text of the live region, as a screen reader would announce it. */
function announced(html: string): string {
  const region = /<div[^>]*role="status"[^>]*>(.*?)<\/div>/.exec(html)?.[1] ?? '';
  return region
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the server card', () => {
  it('says it is checking before the first answer', () => {
    const html = render(createTandemStore());
    expect(announced(html)).toBe('Checking the server…');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('No components reported yet.');
  });

  it('shows a healthy server with its version, uptime and components', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'healthy', report: healthyReport(), checkedAt: 0 });
    const html = render(store);
    expect(announced(html)).toBe('Server healthy');
    expect(html).toContain('Version 0.1.0');
    expect(html).toContain('Up for 1 hr, 2 min');
    expect(html).toContain('2 components');
    expect(html).toMatch(/http<\/span><span class="component__status">OK/);
  });

  it('names the degraded state and the component that is not ready, in German too', () => {
    const store = createTandemStore({ locale: 'de' });
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'degraded', report: degradedReport(), checkedAt: 0 });
    const html = render(store);
    expect(announced(html)).toBe('Server eingeschränkt');
    expect(html).toMatch(/media<\/span><span class="component__status">Startet/);
  });

  it('says why the server is unreachable', () => {
    const store = createTandemStore();
    store
      .getState()
      .actions.health.recordHealthCheck({ kind: 'unreachable', problem: 'timeout', checkedAt: 0 });
    const html = render(store);
    expect(announced(html)).toBe('Server unreachable The server did not answer in time.');
    expect(html).toContain('Unknown while the server cannot be reached.');
  });

  it('offers the check as a real button, reachable by keyboard', () => {
    expect(render(createTandemStore())).toMatch(/<button type="button" class="button">Check now<\/button>/);
  });
});
