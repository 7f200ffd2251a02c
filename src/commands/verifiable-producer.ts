import { DEFAULT_TIMEOUT_MS, openClient, resolveConnection } from '../client/connection.js';
import { UsageError } from '../errors.js';
import { collectProperties } from '../config/property-args.js';
import { setExitCode } from '../output/io.js';
import { out } from '../output/output.js';
import { runVerifiableProducer } from '../verifiable/producer.js';
import { PRODUCER_KEYS, verifiableProducerSettings } from '../verifiable/settings.js';
import { defineCommand } from './types.js';
import { onStopSignals } from '../util/signals.js';

export interface VerifiableProducerArgs {
  topic?: string;
  bootstrapServer?: string;
  brokerList?: string;
  commandConfig?: string;
  maxMessages: number;
  throughput: number;
  acks: number;
  'producer.config'?: string;
  messageCreateTime: number;
  valuePrefix?: number;
  repeatingKeys?: number;
  connectTimeout: number;
}

export function verifiableProducerPlan(a: VerifiableProducerArgs) {
  if (!a.topic) throw new UsageError('argument --topic is required', 'Example: kafka-lab verifiable-producer --topic t --max-messages 100');
  if (![0, 1, -1].includes(a.acks)) throw new UsageError(`argument --acks: invalid choice: ${a.acks} (choose from 0, 1, -1)`, 'Example: --acks -1');
  for (const [flag, v] of [
    ['--max-messages', a.maxMessages],
    ['--throughput', a.throughput],
  ] as const)
    if (!Number.isInteger(v) || v < -1) throw new UsageError(`${flag} expects a whole number (-1: no limit), got ${v}`, `Example: ${flag} 100`);
  if (a.throughput === 0) throw new UsageError('--throughput 0 would never send: give a positive rate or -1', 'Example: --throughput 100');
  if (a.repeatingKeys !== undefined && (!Number.isInteger(a.repeatingKeys) || a.repeatingKeys < 1))
    throw new UsageError(`--repeating-keys expects a whole number from 1, got ${a.repeatingKeys}`, 'Example: --repeating-keys 10');
  return {
    topic: a.topic,
    maxMessages: a.maxMessages,
    throughput: a.throughput,
    acks: a.acks,
    createTime: a.messageCreateTime === -1 ? undefined : a.messageCreateTime,
    valuePrefix: a.valuePrefix,
    repeatingKeys: a.repeatingKeys,
  };
}

export default defineCommand({
  command: 'verifiable-producer',
  describe: "Produce increasing integers and print Kafka's JSON event line per acknowledged record (kafka-verifiable-producer)",
  builder: (y) =>
    y
      .option('topic', { type: 'string', describe: 'produce to this topic' })
      .option('bootstrap-server', { type: 'string', describe: 'HOST:PORT[,HOST:PORT] (default: lab profile, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092)' })
      .option('broker-list', { type: 'string', hidden: true, describe: 'old name of --bootstrap-server' })
      .option('command-config', { type: 'string', describe: 'client properties file (security.protocol, sasl.*, ssl.* ...)' })
      .option('max-messages', { type: 'number', default: -1, describe: 'produce this many messages (-1: until Ctrl-C)' })
      .option('throughput', { type: 'number', default: -1, describe: 'at most about this many messages per second (-1: no limit)' })
      .option('acks', { type: 'number', default: -1, describe: 'acks: 0, 1 or -1 (all)' })
      .option('producer.config', { type: 'string', describe: 'producer properties file (Kafka names)' })
      .option('message-create-time', { type: 'number', default: -1, describe: 'CreateTime of the first message, ms since the epoch' })
      .option('value-prefix', { type: 'number', describe: 'values become PREFIX.N' })
      .option('repeating-keys', { type: 'number', describe: 'keys 0, 1 ... N-1, then 0 again' })
      .option('connect-timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'give up on an unreachable cluster after this many ms' })
      .example(
        'kafka-lab verifiable-producer --bootstrap-server localhost:9092 --topic t --max-messages 1000',
        '1000 integers, one JSON line per acknowledgement',
      )
      .example('kafka-lab verifiable-producer --topic t --throughput 100 --repeating-keys 10', '100 a second with keys 0-9, until Ctrl-C'),
  handler: async (argv) => {
    const plan = verifiableProducerPlan(argv);
    const props = collectProperties(argv['producer.config'], '--producer.config file', []);
    const settings = verifiableProducerSettings(plan.acks, props);
    const conn = await resolveConnection({
      bootstrapServer: argv.bootstrapServer ?? argv.brokerList,
      commandConfig: argv.commandConfig,
      timeout: argv.connectTimeout,
      verbose: argv.verbose,
      extraProperties: [{ source: '--producer.config', properties: props }],
      allowProperty: (k) => PRODUCER_KEYS.has(k),
    });
    const client = await openClient(conn);
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const offSignals = onStopSignals(() => stop());
    try {
      const r = await runVerifiableProducer(client, { ...plan, producer: settings, line: out, stopped });
      if (r.interrupted) setExitCode(130);
    } finally {
      offSignals();
      await client.close();
    }
  },
});
