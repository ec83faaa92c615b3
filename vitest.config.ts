import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,electron,renderer,scripts,native,build,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
