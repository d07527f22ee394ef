import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests bind simulated hosts on distinct loopback addresses; files run in parallel safely
    // because each test file picks its own 127.x.y.0/24 block (see test/helpers/addresses.ts).
    pool: 'forks',
    // Tests that spawn bin/winbook.js run the TypeScript sources (through tsx) unless told otherwise, so a dist/
    // left stale by an edit never changes what they test or adds bin's "dist/ is older" line to their stderr.
    // CI (.ci/run) sets WINBOOK_RUN_FROM=dist: there they run the JavaScript `npm ci` built, as users do.
    env: { WINBOOK_RUN_FROM: process.env.WINBOOK_RUN_FROM ?? 'src' },
  },
});
