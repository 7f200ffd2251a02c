import { createTopics, throwFirst } from '../client/admin.js';
import { DEFAULT_TIMEOUT_MS, openClient, resolveConnection, withTimeout } from '../client/connection.js';
import { translateKafkaError } from '../client/errors.js';
import { UsageError } from '../errors.js';
import { out } from '../output/output.js';
import { runE2eLatency } from '../perf/e2e-latency.js';
import { defineCommand } from './types.js';

export interface E2eLatencyArgs {
  args?: (string | number)[];
  connectTimeout: number;
}

const USAGE = 'USAGE: kafka-lab e2e-latency broker_list topic num_messages producer_acks message_size_bytes [properties_file]';

/** Kafka's positional arguments, refused with its messages (EndToEndLatency.execute). */
export function e2eLatencyPlan(a: E2eLatencyArgs) {
  const args = (a.args ?? []).map(String);
  if (args.length !== 5 && args.length !== 6) throw new UsageError(USAGE, 'Example: kafka-lab e2e-latency localhost:9092 latency-test 1000 all 100');
  const [brokers, topic, num, acks, size, props] = args as [string, string, string, string, string, string | undefined];
  const int = (v: string, what: string) => {
    if (!/^-?\d+$/.test(v)) throw new UsageError(`For input string: "${v}"`, `${what} must be a whole number. ${USAGE}`);
    return Number(v);
  };
  const numMessages = int(num, 'num_messages');
  const messageSize = int(size, 'message_size_bytes');
  if (acks !== '1' && acks !== 'all') throw new UsageError('Latency testing requires synchronous acknowledgement. Please use 1 or all', USAGE);
  if (numMessages < 1) throw new UsageError(`num_messages must be at least 1, got ${numMessages}`, USAGE);
  if (messageSize < 0) throw new UsageError(`message_size_bytes must be at least 0, got ${messageSize}`, USAGE);
  return {
    brokers,
    topic,
    numMessages,
    acks: (acks === 'all' ? -1 : 1) as -1 | 1,
    messageSize,
    propertiesFile: props && props.trim() !== '' ? props : undefined,
  };
}

export default defineCommand({
  command: 'e2e-latency [args..]',
  describe: "End-to-end latency, one record at a time from send to read (Kafka's kafka-e2e-latency / EndToEndLatency)",
  builder: (y) =>
    y
      .positional('args', { type: 'string', array: true, describe: 'broker_list topic num_messages producer_acks(1|all) message_size_bytes [properties_file]' })
      .option('connect-timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'give up on an unreachable cluster after this many ms' })
      .example('kafka-lab e2e-latency localhost:9092 latency-test 1000 all 100', "1000 messages of 100 bytes: Kafka's progress, average and percentiles"),
  handler: async (argv) => {
    const plan = e2eLatencyPlan(argv);
    const conn = await resolveConnection({
      bootstrapServer: plan.brokers,
      commandConfig: plan.propertiesFile,
      timeout: argv.connectTimeout,
      verbose: argv.verbose,
    });
    const client = await openClient(conn);
    try {
      const meta = await withTimeout(client.metadata([plan.topic]), conn);
      if (meta.topics[0]?.errorCode !== 0) {
        out(`Topic "${plan.topic}" does not exist. Will create topic with 1 partition(s) and replication factor = 1`);
        try {
          throwFirst(await withTimeout(createTopics(client, [{ name: plan.topic, partitions: 1, replicationFactor: 1 }], 30_000), conn));
        } catch (err) {
          out(`Creation of topic ${plan.topic} failed`);
          throw translateKafkaError(err, { topic: plan.topic });
        }
        for (let i = 0; i < 100; i++) {
          const m = await client.metadata([plan.topic]);
          if (m.topics[0]?.errorCode === 0 && m.topics[0].partitions.every((p) => p.leader >= 0)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await runE2eLatency(client, { topic: plan.topic, numMessages: plan.numMessages, acks: plan.acks, messageSize: plan.messageSize, line: out }).catch(
        (err) => {
          throw translateKafkaError(err, { topic: plan.topic, brokers: conn.brokers });
        },
      );
    } finally {
      await client.close();
    }
  },
});
