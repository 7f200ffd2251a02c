/**
 * console-consumer's options turned into a plan, before anything connects: Kafka's own checks
 * (ConsoleConsumerOptions, same texts), then ours. Pure apart from reading the properties
 * files the options name; unit-tested.
 */
import { UsageError } from '../errors.js';
import { isKafkaOffset, OffsetSpecError, parseOffsetPlan, type OffsetPlan, type OffsetSpec } from './offset-spec.js';
import { collectProperties } from '../config/property-args.js';
import { CONSUMER_SETTINGS, type ConsumerSettings } from './runner.js';
import type { ConnectionFlags } from '../client/connection.js';

export interface ConsumerArgs extends ConnectionFlags {
  topic?: string;
  include?: string;
  whitelist?: string;
  partition?: number;
  offset?: string;
  fromBeginning?: boolean;
  group?: string;
  maxMessages?: number;
  timeoutMs?: number;
  skipMessageOnError?: boolean;
  isolationLevel?: string;
  consumerProperty?: string[];
  'consumer.config'?: string;
  property?: string[];
  formatterProperty?: string[];
  formatterConfig?: string;
  formatter?: string;
  keyDeserializer?: string;
  valueDeserializer?: string;
  format?: string;
  untilEnd?: boolean;
  tail?: number;
}

/** Consumer properties we honour (client-level ones go to the connection mapping). */
export const CONSUMER_KEYS = new Set([
  'group.id',
  'group.instance.id',
  'auto.offset.reset',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
  'fetch.max.bytes',
  'max.partition.fetch.bytes',
  'fetch.max.wait.ms',
  'fetch.min.bytes',
  'isolation.level',
  'key.deserializer',
  'value.deserializer',
  'partition.assignment.strategy',
  'max.poll.records',
  'exclude.internal.topics',
  'allow.auto.create.topics',
  'check.crcs',
]);

export interface ConsumerPlan {
  /** one topic, or a regular expression of topics (--include) */
  topic?: string;
  include?: RegExp;
  includeText?: string;
  partition?: number;
  offsets?: OffsetPlan;
  defaultStart: OffsetSpec;
  group?: string;
  maxMessages?: number;
  idleTimeoutMs?: number;
  untilEnd: boolean;
  tail?: number;
  readCommitted: boolean;
  skipMessageOnError: boolean;
  settings: ConsumerSettings;
  /** properties for the output (print.*, separators, deserializers) */
  formatterProperties: Map<string, string>;
  /** 'json', a format string, or Kafka's default formatter */
  format?: string;
  consumerProperties: Map<string, string>;
  connection: { bootstrapServer?: string; commandConfig?: string; timeout?: number; verbose?: boolean };
}

const JAVA_ASSIGNORS: Record<string, string> = {
  'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
  'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
  range: 'range',
  roundrobin: 'roundrobin',
};

export function consumerPlan(argv: ConsumerArgs): ConsumerPlan {
  const include = argv.include ?? argv.whitelist;
  if ((argv.topic ? 1 : 0) + (include ? 1 : 0) !== 1)
    throw new UsageError('Exactly one of --include/--topic is required. ', 'Example: --topic quickstart-events');
  if (argv.partition !== undefined && !argv.topic) throw new UsageError('The topic is required when partition is specified.', 'Add --topic T.');
  if (argv.partition !== undefined && argv.group)
    throw new UsageError('Options group and partition cannot be specified together.', 'Drop --group to read one partition.');
  if (argv.offset !== undefined && argv.fromBeginning)
    throw new UsageError('Options from-beginning and offset cannot be specified together.', 'Use one of them.');
  if (argv.tail !== undefined && (argv.group || argv.offset !== undefined || argv.fromBeginning))
    throw new UsageError('--tail cannot be combined with --group, --offset or --from-beginning', '--tail picks its own start offsets.');
  if (argv.tail !== undefined && !(Number.isInteger(argv.tail) && argv.tail >= 0))
    throw new UsageError(`--tail expects a record count, got '${argv.tail}'`, 'Example: --tail 10');
  if (argv.maxMessages !== undefined && !(Number.isInteger(argv.maxMessages) && argv.maxMessages >= 0))
    throw new UsageError(`--max-messages expects a record count, got '${argv.maxMessages}'`, 'Example: --max-messages 10');
  if (argv.partition !== undefined && !(Number.isInteger(argv.partition) && argv.partition >= 0))
    throw new UsageError(`--partition expects a partition number, got '${argv.partition}'`, 'Example: --partition 0');
  if (argv.formatter && !/DefaultMessageFormatter$/.test(argv.formatter)) {
    throw new UsageError(
      `formatter '${argv.formatter}' is not supported`,
      'Only the DefaultMessageFormatter; for other shapes use --format json or a format string.',
    );
  }
  let offsets: OffsetPlan | undefined;
  if (argv.offset !== undefined) {
    try {
      offsets = parseOffsetPlan(String(argv.offset));
    } catch (e) {
      if (!(e instanceof OffsetSpecError)) throw e;
      const kafkaText = `The provided offset value '${argv.offset}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`;
      throw new UsageError(
        isKafkaOffset(String(argv.offset)) ? e.message : kafkaText,
        'kafka-lab also accepts start|end|N|+N|-N|@<epoch-ms>|@-1h, per partition as 0:5,1:end.',
      );
    }
  }
  const consumerProperties = collectProperties(argv['consumer.config'], '--consumer.config file', [
    { values: argv.consumerProperty, flag: '--consumer-property' },
  ]);
  const groupIds = [argv.group, consumerProperties.get('group.id')].filter((g): g is string => g !== undefined);
  if (new Set(groupIds).size > 1) {
    throw new UsageError(
      `The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: ${[...new Set(groupIds)].map((g) => `'${g}'`).join(', ')}`,
      'Give the group id once.',
    );
  }
  const group = groupIds[0];
  if (group !== undefined && argv.partition !== undefined)
    throw new UsageError('Options group and partition cannot be specified together.', 'Drop --group to read one partition.');
  const reset = consumerProperties.get('auto.offset.reset');
  if (argv.fromBeginning && reset && reset !== 'earliest') {
    throw new UsageError(`Can't simultaneously specify --from-beginning and 'auto.offset.reset=${reset}', please remove one option`, 'Use one of them.');
  }
  if (reset !== undefined && !['earliest', 'latest'].includes(reset)) throw new UsageError(`invalid auto.offset.reset '${reset}'`, 'Use earliest or latest.');
  const isolation = (argv.isolationLevel ?? consumerProperties.get('isolation.level') ?? 'read_uncommitted').toLowerCase();
  if (!['read_uncommitted', 'read_committed'].includes(isolation))
    throw new UsageError(`invalid isolation level '${isolation}'`, 'Use read_uncommitted or read_committed.');

  let includeRe: RegExp | undefined;
  if (include) {
    try {
      includeRe = new RegExp(`^(?:${include})$`);
    } catch {
      throw new UsageError(`--include '${include}' is not a valid regular expression`, "Example: --include 'orders-.*'");
    }
  }

  const num = (k: string, fallback: number): number => {
    const v = consumerProperties.get(k);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${k}=${v} is not a valid number`, `Give ${k} as a whole number.`);
    return n;
  };
  const strategies = (consumerProperties.get('partition.assignment.strategy') ?? 'range,roundrobin')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const assignors = strategies.map((s) => {
    const name = JAVA_ASSIGNORS[s];
    if (!name)
      throw new UsageError(`partition.assignment.strategy ${s} is not supported`, 'kafka-lab speaks range and roundrobin (RangeAssignor, RoundRobinAssignor).');
    return name;
  });
  const autoCommit = consumerProperties.get('enable.auto.commit');
  const settings: ConsumerSettings = {
    ...CONSUMER_SETTINGS,
    sessionTimeoutMs: num('session.timeout.ms', CONSUMER_SETTINGS.sessionTimeoutMs),
    heartbeatIntervalMs: num('heartbeat.interval.ms', CONSUMER_SETTINGS.heartbeatIntervalMs),
    rebalanceTimeoutMs: num('max.poll.interval.ms', CONSUMER_SETTINGS.rebalanceTimeoutMs),
    maxBytes: num('fetch.max.bytes', CONSUMER_SETTINGS.maxBytes),
    partitionMaxBytes: num('max.partition.fetch.bytes', CONSUMER_SETTINGS.partitionMaxBytes),
    maxWaitMs: num('fetch.max.wait.ms', CONSUMER_SETTINGS.maxWaitMs),
    minBytes: num('fetch.min.bytes', CONSUMER_SETTINGS.minBytes),
    autoCommitIntervalMs: num('auto.commit.interval.ms', CONSUMER_SETTINGS.autoCommitIntervalMs),
    autoCommit: autoCommit === undefined ? true : autoCommit.toLowerCase() === 'true',
    assignors: [...new Set(assignors)],
  };

  const formatterProperties = collectProperties(argv.formatterConfig, '--formatter-config file', [
    { values: argv.property, flag: '--property' },
    { values: argv.formatterProperty, flag: '--formatter-property' },
  ]);
  if (argv.keyDeserializer) formatterProperties.set('key.deserializer', argv.keyDeserializer);
  if (argv.valueDeserializer) formatterProperties.set('value.deserializer', argv.valueDeserializer);

  return {
    topic: argv.topic,
    include: includeRe,
    includeText: include,
    partition: argv.partition,
    offsets,
    defaultStart: argv.fromBeginning || reset === 'earliest' ? { kind: 'start' } : { kind: 'end' },
    group,
    maxMessages: argv.maxMessages,
    idleTimeoutMs: argv.timeoutMs !== undefined && argv.timeoutMs >= 0 ? argv.timeoutMs : undefined,
    untilEnd: Boolean(argv.untilEnd),
    tail: argv.tail,
    readCommitted: isolation === 'read_committed',
    skipMessageOnError: Boolean(argv.skipMessageOnError),
    settings,
    formatterProperties,
    format: argv.format,
    consumerProperties,
    connection: { bootstrapServer: argv.bootstrapServer, commandConfig: argv.commandConfig, timeout: argv.timeout, verbose: argv.verbose },
  };
}
