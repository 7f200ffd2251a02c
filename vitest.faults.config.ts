import { defineConfig } from 'vitest/config';

// Fault tests start their own 3-broker labs (cluster-scaffold + cluster up): no shared broker,
// one file at a time (several JVM clusters on 2 cores would make timings meaningless).
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 240_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
