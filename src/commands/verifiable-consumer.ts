import { DEFAULT_TIMEOUT_MS, openClient, resolveConnection } from '../client/connection.js';
import { UsageError } from '../errors.js';
import { collectProperties } from '../config/property-args.js';
import { setExitCode } from '../output/io.js';
import { out } from '../output/output.js';
import { runVerifiableConsumer } from '../verifiable/consumer.js';
import { assignorsOf, CONSUMER_KEYS } from '../verifiable/settings.js';
import { defineCommand } from './types.js';
import { onStopSignals } from '../util/signals.js';

export interface VerifiableConsumerArgs {
  topic?: string;
  groupId?: string;
  groupInstanceId?: string;
  groupProtocol?: string;
  bootstrapServer?: string;
  brokerList?: string;
  commandConfig?: string;
  maxMessages: number;
  sessionTimeout: number;
  verbose?: boolean;
  enableAutocommit?: boolean;
  resetPolicy: string;
  assignmentStrategy: string;
  'consumer.config'?: string;
  connectTimeout: number;
}

export function verifiableConsumerPlan(a: VerifiableConsumerArgs, props: Map<string, string> = new Map()) {
  if (!a.topic) throw new UsageError('argument --topic is required', 'Example: kafka-lab verifiable-consumer --topic t --group-id g');
  const groupId = a.groupId ?? props.get('group.id');
  if (!groupId) throw new UsageError('argument --group-id is required', 'Example: --group-id verifiers');
  const resetPolicy = (['earliest', 'latest', 'none'] as const).find((p) => p === a.resetPolicy);
  if (resetPolicy === undefined)
    throw new UsageError(`--reset-policy must be earliest, latest or none, got '${a.resetPolicy}'`, 'Example: --reset-policy earliest');
  if ((a.groupProtocol ?? 'classic').toLowerCase() !== 'classic')
    throw new UsageError(`group protocol '${a.groupProtocol}' is not supported by kafka-lab's consumer`, 'Use --group-protocol classic (the default).');
  if (!Number.isInteger(a.maxMessages) || a.maxMessages < -1)
    throw new UsageError(`--max-messages expects a whole number (-1: no limit), got ${a.maxMessages}`, 'Example: --max-messages 100');
  return {
    topic: a.topic,
    groupId,
    groupInstanceId: a.groupInstanceId,
    maxMessages: a.maxMessages,
    sessionTimeoutMs: a.sessionTimeout,
    verbose: Boolean(a.verbose),
    autoCommit: Boolean(a.enableAutocommit),
    resetPolicy,
    assignmentStrategy: a.assignmentStrategy,
  };
}

export default defineCommand({
  command: 'verifiable-consumer',
  describe: "Consume in a group and print Kafka's JSON events: rebalances, records consumed, offsets committed (kafka-verifiable-consumer)",
  builder: (y) =>
    y
      .option('topic', { type: 'string', describe: 'consume this topic' })
      .option('group-id', { type: 'string', describe: 'the consumer group' })
      .option('group-instance-id', { type: 'string', describe: "static membership: this member's instance id" })
      .option('group-protocol', { type: 'string', default: 'classic', describe: 'classic (the consumer protocol of KIP-848 is not supported)' })
      .option('group-remote-assignor', { type: 'string', hidden: true, describe: 'consumer protocol only (not supported)' })
      .option('bootstrap-server', { type: 'string', describe: 'HOST:PORT[,HOST:PORT] (default: lab profile, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092)' })
      .option('broker-list', { type: 'string', hidden: true, describe: 'old name of --bootstrap-server' })
      .option('command-config', { type: 'string', describe: 'client properties file (security.protocol, sasl.*, ssl.* ...)' })
      .option('max-messages', { type: 'number', default: -1, describe: 'stop after this many messages (-1: until Ctrl-C)' })
      .option('session-timeout', { type: 'number', default: 30000, describe: "the member's session timeout, ms" })
      .option('verbose', { type: 'boolean', describe: 'one record_data line per record' })
      .option('enable-autocommit', { type: 'boolean', describe: 'commit every 5 s instead of after each fetch' })
      .option('reset-policy', { type: 'string', default: 'earliest', describe: 'without a committed offset: earliest, latest or none' })
      .option('assignment-strategy', {
        type: 'string',
        default: 'org.apache.kafka.clients.consumer.RangeAssignor',
        describe: 'RangeAssignor or RoundRobinAssignor',
      })
      .option('consumer.config', { type: 'string', describe: 'consumer properties file (Kafka names)' })
      .option('connect-timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'give up on an unreachable cluster after this many ms' })
      .example('kafka-lab verifiable-consumer --bootstrap-server localhost:9092 --topic t --group-id g --max-messages 1000', 'JSON events until 1000 records')
      .example('kafka-lab verifiable-consumer --topic t --group-id g --verbose', 'a record_data line per record, until Ctrl-C'),
  handler: async (argv) => {
    const props = collectProperties(argv['consumer.config'], '--consumer.config file', []);
    const plan = verifiableConsumerPlan(argv, props);
    const assignors = assignorsOf(props.get('partition.assignment.strategy') ?? plan.assignmentStrategy);
    const conn = await resolveConnection({
      bootstrapServer: argv.bootstrapServer ?? argv.brokerList,
      commandConfig: argv.commandConfig,
      timeout: argv.connectTimeout,
      extraProperties: [{ source: '--consumer.config', properties: props }],
      allowProperty: (k) => CONSUMER_KEYS.has(k),
    });
    const client = await openClient(conn);
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const offSignals = onStopSignals(() => stop());
    try {
      const r = await runVerifiableConsumer(client, { ...plan, assignors, line: out, stopped });
      if (r.interrupted) setExitCode(130);
    } finally {
      offSignals();
      await client.close();
    }
  },
});
