import { UsageError } from '../errors.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'zookeeper-start [config]',
  describe: 'Start ZooKeeper (zookeeper-server-start.sh); Kafka 3.9 and older only',
  builder: (y) =>
    y
      .positional('config', { type: 'string', describe: 'the ZooKeeper config (zookeeper.properties)' })
      .option('daemon', { type: 'boolean', default: false, describe: 'run in the background (-daemon works too): pid file, log file, returns when ready' })
      .option('override', { type: 'string', array: true, default: [] as string[], describe: 'property=value on top of the file (repeatable)' })
      .option('engine', { type: 'string', describe: 'Kafka version whose ZooKeeper to run (3.x); default: the default engine' })
      .option('heap', { type: 'string', describe: 'JVM heap, e.g. 256m (KAFKA_HEAP_OPTS wins; default -Xmx512M -Xms512M)' })
      .option('timeout', { type: 'number', default: 120_000, describe: 'with -daemon: give up when not ready after this many ms' })
      .example('kafka-lab zookeeper-start zookeeper.properties', 'ZooKeeper in the foreground (Ctrl-C stops it)')
      .example('kafka-lab zookeeper-start -daemon zookeeper.properties', 'in the background; prints pid, address and log file'),
  handler: async (argv) => {
    if (!argv.config) throw new UsageError('missing the config file', 'USAGE: kafka-lab zookeeper-start [-daemon] zookeeper.properties');
    const { runStart } = await import('../process/start.js');
    await runStart({
      role: 'zookeeper',
      config: String(argv.config),
      daemon: Boolean(argv.daemon),
      override: (argv.override ?? []).map(String),
      engine: argv.engine,
      heap: argv.heap,
      timeoutMs: argv.timeout,
    });
  },
});
