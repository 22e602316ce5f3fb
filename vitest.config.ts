import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default leaves a core idle (cores - 1 workers), but much of this suite waits on git
    // and on command processes; on a 2-core machine two workers finish in about half the time.
    maxWorkers: Math.max(2, os.availableParallelism()),
  },
});
