import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure logic and in-process commands: no global setup, no JVM, no
 * network beyond loopback stand-ins) and `e2e` (real ZooKeeper/Kafka processes, started once
 * by the global setup). `npm run test:unit` runs the first, `npm test` both.
 */
export default defineConfig({
  test: {
    // real JVMs on a 2-core machine: keep concurrency modest
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // the quick project runs first: a broken unit test fails the run before any JVM starts
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/faults/**', 'node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
