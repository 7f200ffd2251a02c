/**
 * console-producer's options turned into a plan before anything connects: the reader, the
 * producer settings with Kafka's precedence (explicit flag > --producer-property/--producer.config
 * > Kafka's defaults), and idempotence as the Java producer decides it (on, unless the user
 * turns it off or asks for acks 0/1). Pure apart from reading the properties files named;
 * unit-tested.
 */
import { UsageError } from '../errors.js';
import { collectProperties } from '../config/property-args.js';
import { isCompressionName, type CompressionName } from '../protocol/compression.js';
import { ReaderError, readerOptions, type ReaderOptions } from './reader-properties.js';

export interface ProducerArgs {
  topic?: string;
  bootstrapServer?: string;
  brokerList?: string;
  commandConfig?: string;
  connectTimeout: number;
  file?: string;
  property?: string[];
  readerProperty?: string[];
  readerConfig?: string;
  producerProperty?: string[];
  'producer.config'?: string;
  requestRequiredAcks?: string;
  compressionCodec?: string;
  sync?: boolean;
  batchSize?: number;
  maxPartitionMemoryBytes?: number;
  timeout?: number;
  requestTimeoutMs?: number;
  messageSendMaxRetries?: number;
  retryBackoffMs?: number;
  maxBlockMs?: number;
  format?: string;
  random?: number;
  recordSize: number;
  keys: number;
  rate: number;
  verbose?: boolean;
}

/** Producer properties we honour; serializers are accepted because the tool always sends bytes. */
export const PRODUCER_KEYS = new Set([
  'acks',
  'compression.type',
  'linger.ms',
  'batch.size',
  'retries',
  'enable.idempotence',
  'max.in.flight.requests.per.connection',
  'key.serializer',
  'value.serializer',
  'buffer.memory',
  'max.block.ms',
  'delivery.timeout.ms',
  'retry.backoff.ms',
  'retry.backoff.max.ms',
  'request.timeout.ms',
  'max.request.size',
  'partitioner.ignore.keys',
  'allow.auto.create.topics',
  'client.id',
]);

export interface ProducerSettings {
  acks: -1 | 0 | 1;
  idempotent: boolean;
  compression: CompressionName;
  lingerMs: number;
  /** the batch size the user chose, if any (else kafka-lab picks one for the input) */
  batchSize?: number;
  maxInFlight: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  retries: number;
  maxRequestSize: number;
  bufferMemory: number;
  maxBlockMs: number;
  autoCreateTopics: boolean;
}

export interface ProducerPlan {
  topic?: string;
  reader: ReaderOptions;
  /** 'json', a kcat format string, or lines */
  format?: string;
  file?: string;
  random?: { count: number; recordSize: number; keys: number; rate: number };
  sync: boolean;
  settings: ProducerSettings;
  producerProperties: Map<string, string>;
  connection: { bootstrapServer?: string; commandConfig?: string; timeout: number; verbose?: boolean };
}

export function parseAcks(v: string): -1 | 0 | 1 {
  const t = v.trim().toLowerCase();
  if (t === 'all' || t === '-1') return -1;
  if (t === '0') return 0;
  if (t === '1') return 1;
  throw new UsageError(`invalid acks '${v}'`, 'Use all, -1, 0 or 1.');
}

export function producerPlan(argv: ProducerArgs): ProducerPlan {
  const topic = argv.topic;
  if (!topic && !(argv.format && argv.format !== 'json' && argv.format.includes('%t'))) {
    throw new UsageError("missing required option --topic for 'console-producer'", 'Example: kafka-lab console-producer --topic quickstart-events');
  }
  if (argv.random !== undefined && (argv.file || argv.format))
    throw new UsageError('--random cannot be combined with --file or --format', 'Random records need no input.');
  if (argv.random !== undefined && (!Number.isInteger(argv.random) || argv.random < 0))
    throw new UsageError(`--random expects a record count, got '${argv.random}'`, 'Example: --random 1000');
  const props = collectProperties(argv['producer.config'], '--producer.config file', [{ values: argv.producerProperty, flag: '--producer-property' }]);
  const readerProps = collectProperties(argv.readerConfig, '--reader-config file', [
    { values: argv.property, flag: '--property' },
    { values: argv.readerProperty, flag: '--reader-property' },
  ]);
  let reader: ReaderOptions;
  try {
    reader = readerOptions(readerProps);
  } catch (e) {
    if (e instanceof ReaderError) throw new UsageError(e.message, "Reader properties are those of Kafka's LineMessageReader.");
    throw e;
  }

  const num = (key: string, flagValue: number | undefined, fallback: number, flag?: string): number => {
    const raw = flagValue ?? props.get(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new UsageError(
        `${flag ? `${flag} expects` : `${key} must be`} a whole number >= 0, got '${raw}'`,
        `Example: ${flag ?? `--producer-property ${key}=`}${flag ? ' ' : ''}${fallback}`,
      );
    }
    return n;
  };

  const acks = parseAcks(argv.requestRequiredAcks ?? props.get('acks') ?? 'all');
  const codec = (argv.compressionCodec !== undefined ? argv.compressionCodec || 'gzip' : (props.get('compression.type') ?? 'none')).toLowerCase();
  if (!isCompressionName(codec)) throw new UsageError(`unknown compression codec '${codec}'`, 'Use one of none, gzip, snappy, lz4, zstd.');
  const idempotenceProp = props.get('enable.idempotence');
  if (idempotenceProp !== undefined && !['true', 'false'].includes(idempotenceProp.toLowerCase()))
    throw new UsageError(`enable.idempotence must be true or false, got '${idempotenceProp}'`, 'Example: --producer-property enable.idempotence=false');
  const idempotenceAsked = idempotenceProp?.toLowerCase() === 'true';
  if (idempotenceAsked && acks !== -1) {
    // Kafka's ProducerConfig refuses this combination the same way
    throw new UsageError(
      'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      'Use --request-required-acks all, or drop enable.idempotence=true.',
    );
  }
  const idempotent = acks === -1 && idempotenceProp?.toLowerCase() !== 'false';
  const maxInFlight = num('max.in.flight.requests.per.connection', undefined, 5);
  if (idempotent && maxInFlight > 5 && idempotenceAsked) {
    throw new UsageError(
      'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
      'Kafka keeps the last 5 batches of a producer to detect duplicates.',
    );
  }
  const batchFlag = argv.maxPartitionMemoryBytes ?? argv.batchSize;
  const userBatch = batchFlag !== undefined || props.has('batch.size') ? num('batch.size', batchFlag, 16384, '--batch-size') : undefined;
  if (userBatch === 0) throw new UsageError('--batch-size must be positive, got 0', 'Example: --batch-size 65536');
  const random =
    argv.random !== undefined
      ? {
          count: argv.random,
          recordSize: num('', argv.recordSize, 100, '--record-size'),
          keys: num('', argv.keys, 0, '--keys'),
          rate: num('', argv.rate, 0, '--rate'),
        }
      : undefined;
  const autoCreate = props.get('allow.auto.create.topics');

  return {
    topic,
    reader,
    format: argv.format,
    file: argv.file,
    random,
    sync: Boolean(argv.sync),
    settings: {
      acks,
      idempotent,
      compression: codec,
      // ConsoleProducer's --timeout is linger.ms (default 1000)
      lingerMs: num('linger.ms', argv.timeout, 1000, '--timeout'),
      batchSize: userBatch,
      maxInFlight: idempotent ? Math.min(maxInFlight, 5) : maxInFlight,
      deliveryTimeoutMs: num('delivery.timeout.ms', undefined, 120_000),
      requestTimeoutMs: num('request.timeout.ms', argv.requestTimeoutMs, 1500, '--request-timeout-ms'),
      retryBackoffMs: Math.max(1, num('retry.backoff.ms', argv.retryBackoffMs, 100, '--retry-backoff-ms')),
      retryBackoffMaxMs: Math.max(1, num('retry.backoff.max.ms', undefined, 1000)),
      retries: num('retries', argv.messageSendMaxRetries, 2147483647, '--message-send-max-retries'),
      maxRequestSize: num('max.request.size', undefined, 1048576),
      bufferMemory: num('buffer.memory', undefined, 32 * 1024 * 1024),
      maxBlockMs: num('max.block.ms', argv.maxBlockMs, 60_000, '--max-block-ms'),
      autoCreateTopics: autoCreate === undefined ? true : autoCreate.toLowerCase() === 'true',
    },
    producerProperties: props,
    connection: {
      bootstrapServer: argv.bootstrapServer ?? argv.brokerList,
      commandConfig: argv.commandConfig,
      timeout: argv.connectTimeout,
      verbose: argv.verbose,
    },
  };
}
