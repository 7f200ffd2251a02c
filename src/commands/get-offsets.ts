import { getOffsets, parseTime, partitionSetMatcher, type PartitionOffset } from '../admin/offsets.js';
import { includeListMatcher, isInternalTopic } from '../admin/topic-rules.js';
import { listTopicNames } from '../client/admin.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'get-offsets',
  describe: "Offsets of partitions: latest (-1), earliest (-2) or the first at/after a time (Kafka's kafka-get-offsets)",
  builder: (y) =>
    connectionOptions(y)
      .option('topic', { type: 'string', describe: 'topic regex (default: all topics)' })
      .option('partitions', { type: 'string', describe: 'partition list/ranges, e.g. 0,2,4-6' })
      .option('topic-partitions', { type: 'string', describe: "Kafka's topic:partitions list, e.g. orders:0-2,payments" })
      .option('time', { type: 'string', default: '-1', describe: '-1/latest, -2/earliest, or a timestamp in ms' })
      .option('exclude-internal-topics', { type: 'boolean', describe: 'leave out __consumer_offsets and friends' })
      .option('broker-list', { type: 'string', hidden: true, describe: 'deprecated alias of --bootstrap-server (ignored when it is given), as in Kafka 3.9' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: 'text (topic:partition:offset), table, json' })
      .example('kafka-lab get-offsets --bootstrap-server localhost:9092 --topic orders', 'end offset of every partition')
      .example('kafka-lab get-offsets --topic orders --time -2', 'log start offsets'),
  handler: async (argv) => {
    let time: ReturnType<typeof parseTime>;
    try {
      time = parseTime(String(argv.time ?? '-1'));
    } catch (err) {
      throw new UsageError((err as Error).message, 'Example: --time -2 (earliest), --time -1 (latest), --time 1700000000000');
    }
    if (argv.topicPartitions && (argv.topic || argv.partitions))
      throw new UsageError('--topic-partitions cannot be used with --topic or --partitions', 'Use one form.');
    let filters: { topic: (t: string) => boolean; partitions?: (p: number) => boolean }[];
    try {
      if (argv.topicPartitions) {
        filters = argv.topicPartitions.split(/,(?=[^,]*(?::|$))/).map((item) => {
          const [t, ps] = item.split(':');
          return { topic: includeListMatcher(t!), partitions: ps ? partitionSetMatcher(ps) : undefined };
        });
      } else {
        filters = [
          {
            topic: argv.topic ? includeListMatcher(argv.topic) : () => true,
            partitions: argv.partitions ? partitionSetMatcher(argv.partitions) : undefined,
          },
        ];
      }
    } catch (err) {
      throw new UsageError((err as Error).message, 'Example: --topic orders --partitions 0,2-3');
    }
    // Kafka 3.9's deprecated --broker-list, ignored when --bootstrap-server is given
    const s = await openAdmin({ ...argv, bootstrapServer: argv.bootstrapServer ?? argv.brokerList }, ['Metadata', 'ListOffsets']);
    try {
      const all = (await s.run(listTopicNames(s.client))).filter((t) => !(argv.excludeInternalTopics && isInternalTopic(t)));
      const results: PartitionOffset[] = [];
      const seen = new Set<string>();
      for (const f of filters) {
        for (const r of await getOffsets(s, all.filter(f.topic), f.partitions, time)) {
          const k = `${r.topic}:${r.partition}`;
          if (!seen.has(k)) results.push(r);
          seen.add(k);
        }
      }
      results.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      present(argv.output, {
        text: () => results.map((r) => `${r.topic}:${r.partition}:${r.offset}`).join('\n'),
        table: () => ({ head: ['TOPIC', 'PARTITION', 'OFFSET'], rows: results.map((r) => [r.topic, r.partition, r.offset]) }),
        json: () => ({ offsets: results }),
      });
    } finally {
      await s.close();
    }
  },
});
