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
    // Test files share their worker's module graph instead of importing the toolchain (ajv,
    // unified, yaml, undici …) afresh for each file: about 40 % of the suite's CPU time. No test
    // relies on module state of its own; each builds what it needs (vi.mock is not used).
    isolate: false,
  },
});
