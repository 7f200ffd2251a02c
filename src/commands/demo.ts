import { runDemo } from '../demo/run.js';
import { KafkaLabError } from '../errors.js';
import { colour, out } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'demo',
  describe:
    'The whole 3-broker lab, narrated: scaffold, up, produce, consume, failover with nothing lost, recovery, a preferred leader election, a 4th broker and a reassignment onto it, tear-down',
  builder: (y) =>
    y
      .option('mode', {
        choices: ['zookeeper', 'kraft'] as const,
        default: 'zookeeper' as 'zookeeper' | 'kraft',
        describe: 'ZooKeeper + 3 brokers, or 3 combined KRaft nodes',
      })
      .option('keep', { type: 'boolean', default: false, describe: 'leave the lab running at the end' })
      .option('dir', { type: 'string', describe: 'lab folder (default: a new temporary folder)' })
      .option('kafka-version', { type: 'string', describe: 'Kafka engine version (default 3.9.2)' })
      .option('heap', { type: 'string', default: '384m', describe: 'JVM heap of each broker' })
      .option('records', { type: 'number', default: 1000, describe: 'how many random messages to produce' })
      .example('kafka-lab demo', 'ZooKeeper and three brokers in a temporary folder, then cleaned up')
      .example('kafka-lab demo --mode kraft', 'the same with three KRaft nodes, no ZooKeeper'),
  handler: async (argv) => {
    const c = colour();
    out(
      c.bold(
        `kafka-lab demo: a 3-broker ${argv.mode === 'kraft' ? 'KRaft' : 'ZooKeeper'} lab, a topic with replication factor 3, a broker failure, a leader election and a 4th broker`,
      ),
    );
    const result = await runDemo({
      mode: argv.mode,
      keep: argv.keep,
      dir: argv.dir,
      kafkaVersion: argv.kafkaVersion,
      heap: argv.heap,
      records: argv.records,
      write: out,
      c,
    });
    const failed = result.checks.filter((x) => !x.ok);
    out('');
    if (failed.length > 0) {
      throw new KafkaLabError(`demo failed: ${failed.length} of ${result.checks.length} checks did not hold (first: ${failed[0]!.name})`, {
        kind: 'failed',
        hint: argv.keep ? `The lab is still in ${result.dir}.` : 'Run it again with --keep to look at the lab (logs/ in its folder).',
      });
    }
    out(c.bold.green(`demo passed: all ${result.checks.length} checks held.`));
  },
});
