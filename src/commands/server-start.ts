import { UsageError } from '../errors.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'server-start [config]',
  describe: 'Start a Kafka broker (kafka-server-start.sh): ZooKeeper mode or KRaft (formats storage on first start)',
  builder: (y) =>
    y
      .positional('config', { type: 'string', describe: 'the broker config (server.properties)' })
      .option('daemon', { type: 'boolean', default: false, describe: 'run in the background (-daemon works too): pid file, log file, returns when ready' })
      .option('override', { type: 'string', array: true, default: [] as string[], describe: 'property=value on top of the file (repeatable)' })
      .option('engine', { type: 'string', describe: 'Kafka version to run (kafka-lab engine list); default: the default engine' })
      .option('heap', { type: 'string', describe: 'JVM heap, e.g. 512m (KAFKA_HEAP_OPTS wins; default -Xmx1G -Xms1G)' })
      .option('timeout', { type: 'number', default: 120_000, describe: 'with -daemon: give up when not ready after this many ms' })
      .example('kafka-lab server-start server.properties', 'a broker in the foreground (Ctrl-C stops it cleanly)')
      .example('kafka-lab server-start -daemon server.properties --override broker.id=1', 'in the background, with an override')
      .example('kafka-lab server-start --engine 4.1.2 kraft-server.properties', 'a KRaft node on Kafka 4.1.2'),
  handler: async (argv) => {
    if (!argv.config) throw new UsageError('missing the config file', 'USAGE: kafka-lab server-start [-daemon] server.properties [--override property=value]*');
    const { runStart } = await import('../process/start.js');
    await runStart({
      role: 'broker',
      config: String(argv.config),
      daemon: Boolean(argv.daemon),
      override: (argv.override ?? []).map(String),
      engine: argv.engine,
      heap: argv.heap,
      timeoutMs: argv.timeout,
    });
  },
});
