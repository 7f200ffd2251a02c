/** connect-standalone and connect-distributed take the same options, so both command files are built here. */
import type { ConnectMode } from '../connect/worker-plan.js';
import { runWorkerStart } from '../connect/worker-run.js';
import { UsageError } from '../errors.js';
import { defineCommand } from './types.js';

export function connectWorkerCommand(mode: ConnectMode, t: { describe: string; usage: string; examples: [string, string][] }) {
  return defineCommand({
    command: mode === 'standalone' ? `connect-standalone [config] [connectors..]` : `connect-distributed [config]`,
    describe: t.describe,
    builder: (y) => {
      const b = y
        .positional('config', { type: 'string', describe: `the worker config (kafka-lab config print connect-${mode})` })
        .option('daemon', {
          type: 'boolean',
          default: false,
          describe: 'run in the background (-daemon works too): pid file, log file, returns once GET /connectors answers 200',
        })
        .option('engine', { type: 'string', describe: 'Kafka version to run (kafka-lab engine list); default: the default engine' })
        .option('heap', { type: 'string', describe: 'JVM heap, e.g. 512m (KAFKA_HEAP_OPTS wins; default -Xms256M -Xmx2G like the script)' })
        .option('metrics', {
          type: 'boolean',
          default: true,
          describe: 'attach the Jolokia agent on a loopback port for kafka-lab connect top (--no-metrics: do not)',
        })
        .option('timeout', { type: 'number', default: 120_000, describe: 'with -daemon: give up when not ready after this many ms' });
      if (mode === 'standalone') b.positional('connectors', { type: 'string', array: true, describe: 'connector configs (.properties or .json)' });
      for (const [cmd, what] of t.examples) b.example(cmd, what);
      return b;
    },
    handler: async (argv) => {
      if (!argv.config) throw new UsageError('missing the worker config file', `USAGE: ${t.usage}`);
      const connectors = ((argv as { connectors?: unknown[] }).connectors ?? []).map(String);
      await runWorkerStart({
        mode,
        config: String(argv.config),
        connectorFiles: connectors,
        daemon: Boolean(argv.daemon),
        engine: argv.engine,
        heap: argv.heap,
        timeoutMs: argv.timeout,
        metrics: argv.metrics !== false,
      });
    },
  });
}
