// The README's screenshots of the agent desk, taken from the real client against the real server:
// `npm run docs:screenshots` (builds first) writes docs/screenshots/*.png. Not part of `npm test`.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

export default defineConfig({
  ...base,
  testDir: './screenshots',
  reporter: [['list']],
});
