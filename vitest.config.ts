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
  },
});
