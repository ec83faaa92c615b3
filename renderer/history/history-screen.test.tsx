import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TandemProvider } from '../app/tandem-context.js';
import { historyCall } from '../services/history/history-calls.fixture.js';
import type { HistoryService } from '../services/history/history-service.js';
import { createTandemStore, type TandemStore } from '../store/store.js';
import { HistoryProvider } from './history-context.js';
import { HistoryScreen } from './history-screen.js';

const services = { health: { checkNow: () => Promise.reject(new Error('not in this test')) } };
const notUsed = () => {
  throw new Error('not in this test');
};
const service: HistoryService = {
  signedIn: notUsed,
  signedOut: notUsed,
  setFilter: notUsed,
  loadMore: notUsed,
  select: notUsed,
  saveAnnotation: notUsed,
  exportCsv: notUsed,
  loadRecording: () => Promise.resolve(null),
  syncNow: notUsed,
};

function render(store: TandemStore, dial: ((number: string) => Promise<void>) | null = null): string {
  const current: TandemStore = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <TandemProvider store={current} services={services}>
      <HistoryProvider service={service} dial={dial}>
        <HistoryScreen />
      </HistoryProvider>
    </TandemProvider>,
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function storeWithCalls(locale?: 'de') {
  const store = createTandemStore(locale ? { locale } : {});
  const { history } = store.getState().actions;
  const call = historyCall('c-1', { recordingRef: 'rec-1', wrapUpMs: 12_000 });
  history.pageLoaded(store.getState().history.filter, 0, {
    rows: [
      { call, note: 'wants a refund', disposition: 'refund', pendingEdits: 1 },
      { call: historyCall('c-2', { answeredAt: null }), note: '', disposition: '', pendingEdits: 0 },
    ],
    total: 7,
  });
  history.selected('c-1');
  history.detailLoaded({ call, note: 'wants a refund', disposition: 'refund', pendingEdits: 1 });
  return store;
}

describe('the history view', () => {
  it('lists calls with their outcome, offers more, and shows the chosen call with its journey', () => {
    const html = render(storeWithCalls());
    expect(html).toContain('role="search"');
    expect(text(html)).toContain('7 calls');
    expect(text(html)).toContain('Incoming · Answered');
    expect(text(html)).toContain('Incoming · Missed');
    expect(text(html)).toContain('Waiting to sync');
    expect(text(html)).toContain('Load more calls');
    expect(html).toMatch(/aria-current="true"[^>]*data-call-id="c-1"/);
    expect(text(html)).toContain('Call with +4930111222');
    const timeline = /<ol class="history-timeline"[^>]*>(.*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(text(timeline)).toBe(
      '+0:00 Call arrived +0:01 Queued support +0:02 Offered to an agent alice +0:05 Answered ' +
        '+0:20 Put on hold callee +0:30 Resumed callee +1:05 Ended caller-hangup',
    );
    expect(text(html)).toMatch(/Waited 5 sec Talked 1 min On hold 10 sec Wrap-up 12 sec/);
    expect(text(html)).toContain('Recording Play the recording'); // fetched only when asked for
    expect(html).toContain('wants a refund');
  });

  it('says when it is offline and how many edits wait, and shows conflicts as an alert', () => {
    const store = storeWithCalls();
    const { history } = store.getState().actions;
    history.linkChanged('syncing');
    history.linkChanged('offline');
    history.pendingChanged(2);
    history.replayed(
      [
        {
          callId: '+4930111222',
          field: 'note',
          yours: 'mine',
          theirs: 'newer',
          theirsEditedAt: '2026-01-05T09:00:00.000Z',
          theirsEditedBy: 'bob',
          winner: 'theirs',
        },
      ],
      0,
    );
    const html = render(store);
    expect(html).toMatch(/role="status"[^>]*data-link="offline"/);
    expect(text(html)).toContain('Offline: showing the calls kept on this device');
    expect(text(html)).toContain('2 edits wait for the server');
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('a later edit by bob was kept (&quot;newer&quot;)');
  });

  it('offers a call back only where the desk can dial, and speaks German', () => {
    expect(text(render(storeWithCalls()))).not.toContain('Call back');
    expect(text(render(storeWithCalls(), () => Promise.resolve()))).toContain('Call back +4930111222');
    const german = text(render(storeWithCalls('de')));
    expect(german).toContain('Anrufverlauf');
    expect(german).toContain('Eingehend · Angenommen');
  });
});
