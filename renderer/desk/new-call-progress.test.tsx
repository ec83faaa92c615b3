import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store/store.js';
import { renderDesk, textOf } from '../test-support/desk-render.js';
import { ActiveCallPanel } from './active-call-panel.js';
import { NewCallEntry } from './new-call-entry.js';
import { NewCallForm } from './new-call-form.js';
import { refusalMessage } from './new-call-progress.js';

const placed = {
  id: 'call-1',
  serverCallId: null,
  direction: 'outgoing' as const,
  remoteNumber: '1002',
  remoteName: 'Bob Agent',
  at: 1_000,
};

const panel = (store: ReturnType<typeof createTandemStore>) =>
  renderDesk(
    store,
    <ActiveCallPanel
      keypadOpen={false}
      onKeypadToggle={() => undefined}
      transferOpen={false}
      onTransferToggle={() => undefined}
    />,
  );

describe('the New call entry', () => {
  it('offers a new call with its shortcut while the agent has no call, and nothing during one', () => {
    const store = createTandemStore();
    expect(textOf(renderDesk(store, <NewCallEntry />))).toBe('New call Alt+N');
    store.getState().actions.calls.offered(placed);
    expect(renderDesk(store, <NewCallEntry />)).toBe('');
  });

  it('asks whom to call, and cannot call nobody', () => {
    const html = renderDesk(
      createTandemStore({ locale: 'de' }),
      <NewCallForm onPlaced={() => undefined} onCancel={() => undefined} />,
    );
    expect(textOf(html)).toContain('Anrufen (Agenten und Warteschlangen suchen oder eine Nummer eingeben)');
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*>Anrufen</);
  });
});

describe('a placed call in the call panel', () => {
  it('shows whom it calls, then that it rings there, with a way to cancel; no hold or transfer yet', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered(placed);
    let html = panel(store);
    expect(html).toMatch(/data-testid="placed-call" data-progress="calling"/);
    expect(textOf(html)).toContain('Calling Bob Agent… Cancel call');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Hold/);
    expect(html).not.toContain('data-testid="video-panel"');
    calls.dialProgress('call-1', 'ringing');
    html = panel(store);
    expect(textOf(html)).toContain('Bob Agent is ringing…');
    calls.established('call-1', 2_000);
    html = panel(store);
    expect(html).not.toContain('placed-call');
    expect(textOf(html)).toContain('On a call');
  });

  it('says why the far end refused it, in words for the status', () => {
    const store = createTandemStore();
    const { calls } = store.getState().actions;
    calls.offered({ ...placed, remoteName: null, remoteNumber: '+4930111222' });
    calls.ended('call-1', 'failed', 2_000);
    calls.dialRefused('call-1', 403);
    const text = textOf(panel(store));
    expect(text).toContain('The call with +4930111222 failed.');
    expect(text).toContain('Calls to +4930111222 are not allowed from here.');
  });

  it('maps SIP statuses to the words an agent understands', () => {
    expect(refusalMessage(486)).toBe('newCall.refused.busy');
    expect(refusalMessage(480)).toBe('newCall.refused.unavailable');
    expect(refusalMessage(404)).toBe('newCall.refused.notFound');
    expect(refusalMessage(603)).toBe('newCall.refused.declined');
    expect(refusalMessage(500)).toBe('newCall.refused.other');
  });
});
