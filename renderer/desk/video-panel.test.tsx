import { describe, expect, it } from 'vitest';
import { createTandemStore } from '../store/store.js';
import { renderDesk, textOf } from '../test-support/desk-render.js';
import { VideoPanel } from './video-panel.js';

function talking(locale?: 'ko') {
  const store = createTandemStore(locale ? { locale } : {});
  const { calls } = store.getState().actions;
  calls.offered({
    id: 'call-1',
    serverCallId: 'c-1',
    direction: 'incoming',
    remoteNumber: '1001',
    remoteName: 'Alice Agent',
    at: 1_000,
  });
  calls.answering('call-1');
  calls.established('call-1', 2_000);
  return store;
}

describe('the video panel', () => {
  it('offers the camera and a screen share on a call, and nothing before the answer', () => {
    const ringing = createTandemStore();
    ringing.getState().actions.calls.offered({
      id: 'call-1',
      serverCallId: null,
      direction: 'outgoing',
      remoteNumber: '1002',
      remoteName: null,
      at: 1,
    });
    expect(renderDesk(ringing, <VideoPanel />)).toBe('');
    const html = renderDesk(talking(), <VideoPanel />);
    expect(textOf(html)).toBe('Turn camera on Share screen');
    expect(html).toContain('aria-pressed="false"');
    expect(html).not.toContain('<video'); // no preview either, with the camera off
  });

  it('shows the far end video, one element per m-line, and what the agent sends', () => {
    const store = talking();
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'camera', 'starting');
    calls.videoSendChanged('call-1', 'camera', 'on');
    calls.videoSendChanged('call-1', 'screen', 'starting');
    calls.videoSendChanged('call-1', 'screen', 'on');
    calls.remoteVideoChanged('call-1', ['1', '2']);
    const html = renderDesk(store, <VideoPanel />);
    expect(textOf(html)).toBe('Turn camera off Stop sharing');
    expect(html.match(/<video[^>]*data-mid="\d"/g)).toHaveLength(2);
    expect(html).toContain('aria-label="Video from Alice Agent"');
    // Her own camera's preview while it is on, and not once it is off.
    expect(html).toContain('aria-label="Your camera"');
    calls.videoSendChanged('call-1', 'camera', 'stopping');
    calls.videoSendChanged('call-1', 'camera', 'off');
    expect(renderDesk(store, <VideoPanel />)).not.toContain('data-testid="self-view"');
  });

  it('says video is not available with a party that refused it, and keeps its buttons off', () => {
    const store = talking('ko');
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'camera', 'starting');
    calls.videoSendChanged('call-1', 'camera', 'unavailable');
    const html = renderDesk(store, <VideoPanel />);
    expect(textOf(html)).toContain('이 상대와는 영상을 사용할 수 없습니다.');
    expect(html.match(/<button[^>]*disabled=""/g)).toHaveLength(2);
  });

  it('says when the camera could not be turned on, while a change is under way the button waits', () => {
    const store = talking();
    const { calls } = store.getState().actions;
    calls.videoSendChanged('call-1', 'camera', 'starting');
    expect(renderDesk(store, <VideoPanel />)).toMatch(/<button[^>]*disabled=""[^>]*data-state="starting"/);
    calls.videoSendChanged('call-1', 'camera', 'off', 'camera-failed');
    expect(textOf(renderDesk(store, <VideoPanel />))).toContain('The camera could not be turned on.');
  });
});
