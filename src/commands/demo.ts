import { runPipelinesDemo } from '../demo/pipelines.js';
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
      .option('pipelines', {
        type: 'boolean',
        default: false,
        describe: 'the data-lake lab instead: database rows and device readings into Kafka, Kafka into Iceberg on HDFS, HDFS failing and recovering',
      })
      .option('db', { choices: ['postgres', 'mariadb'] as const, default: 'postgres' as 'postgres' | 'mariadb', describe: '--pipelines: the database' })
      .option('lake', { choices: ['hdfs', 'local'] as const, default: 'hdfs' as 'hdfs' | 'local', describe: '--pipelines: HDFS, or a local lake folder' })
      .example('kafka-lab demo', 'ZooKeeper and three brokers in a temporary folder, then cleaned up')
      .example('kafka-lab demo --mode kraft', 'the same with three KRaft nodes, no ZooKeeper')
      .example('kafka-lab demo --pipelines', 'the data-lake lab: CDC and device readings into Kafka, Kafka into HDFS, a failure of HDFS'),
  handler: async (argv) => {
    if (argv.pipelines) {
      const c = colour();
      out(
        c.bold(
          `kafka-lab demo --pipelines: rows of ${argv.db === 'postgres' ? 'PostgreSQL' : 'MariaDB'} and device readings into Kafka, and on into Iceberg tables ${argv.lake === 'hdfs' ? 'on HDFS' : 'in a local folder'}`,
        ),
      );
      const result = await runPipelinesDemo({ db: argv.db, lake: argv.lake, keep: argv.keep, dir: argv.dir, write: out, c });
      const failed = result.checks.filter((x) => !x.ok);
      out('');
      if (!result.ok) {
        throw new KafkaLabError(`demo failed: ${failed.length} of ${result.checks.length} checks did not hold (first: ${failed[0]?.name ?? 'none ran'})`, {
          kind: 'failed',
          hint: argv.keep ? `The lab is still in ${result.dir}.` : 'Run it again with --keep to look at the lab (logs/ in its folder).',
        });
      }
      out(c.bold.green(`demo passed: all ${result.checks.length} checks held, in ${result.seconds} s.`));
      return;
    }
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
