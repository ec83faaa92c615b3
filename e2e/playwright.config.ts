// End-to-end journeys: the built server (dist/server) serving the built web client (dist/renderer) to
// Debian's Chromium, everything on 127.0.0.1. Build first: `npm run build:server && npm run build:renderer`.
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** `npm test` (scripts/test.mjs) names the file it reads its summary from. */
const jsonReport = process.env['TANDEM_E2E_RESULTS'] ?? `${repoRoot}test-results/e2e-results.json`;

/** TESTING.md: loopback WebRTC with fake media, nothing downloaded, nothing phoning home. */
const chromiumArgs = [
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebRTC media on one socket bound to all interfaces with a single candidate (renamed to 127.0.0.1 by the
  // test page): otherwise Chromium may pair a non-loopback socket with the peer's 127.0.0.1 candidate.
  '--webrtc-ip-handling-policy=default_public_and_private_interfaces',
];

export default defineConfig({
  testDir: './journeys',
  outputDir: `${repoRoot}test-results/e2e-artifacts`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  use: {
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
      },
    },
  ],
});
