import { describe, expect, it } from 'vitest';
import { HistoryOfflineError } from './history-source.js';
import { fetchRecording } from './recording-fetch.js';

const request = { server: 'https://cc.example:8443', username: 'alice', password: 'pä', callId: 'c/1' };

describe('fetchRecording', () => {
  it('asks for the call with the agent’s credentials and answers the bytes', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const blob = await fetchRecording(request, (url, init) => {
      seen.push({ url, auth: new Headers(init.headers).get('Authorization') });
      return Promise.resolve(new Response(new Uint8Array([82, 73, 70, 70]), { status: 200 }));
    });
    expect(seen).toEqual([
      { url: 'https://cc.example:8443/api/history/recording?id=c%2F1', auth: `Basic YWxpY2U6cMOk` },
    ]);
    expect(await blob?.text()).toBe('RIFF');
  });

  it('answers null when the server has no recording for the agent', async () => {
    const none = await fetchRecording(request, () =>
      Promise.resolve(new Response('{"error":"no recording"}', { status: 404 })),
    );
    expect(none).toBeNull();
  });

  it('says offline when the server cannot be reached or fails', async () => {
    await expect(
      fetchRecording(request, () => Promise.reject(new TypeError('fetch failed'))),
    ).rejects.toThrow(HistoryOfflineError);
    await expect(
      fetchRecording(request, () => Promise.resolve(new Response('', { status: 503 }))),
    ).rejects.toThrow(HistoryOfflineError);
  });
});
