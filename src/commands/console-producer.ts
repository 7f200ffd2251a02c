import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Argv } from 'yargs';
import { KafkaLabError, UsageError } from '../errors.js';
import { info } from '../output/output.js';
import { DEFAULT_TIMEOUT_MS } from '../client/connection.js';
import { collectProperties } from '../format/property-args.js';
import type { OutgoingRecord } from '../format/record.js';
import { defineCommand } from './types.js';
import { PRODUCER_APIS } from '../client/api-versions.js';

interface ProducerArgs {
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
  format?: string;
  random?: number;
  recordSize: number;
  keys: number;
  rate: number;
}

/** One record from the input, or the reason a line could not become one. */
type InputItem = { record: OutgoingRecord; line: number } | { error: string; line: number };

export default defineCommand<ProducerArgs>({
  command: 'console-producer [topic]',
  describe: "Produce records from stdin (or a file): Kafka's kafka-console-producer, plus JSON, format strings and random records",
  builder: (y) =>
    y
      .positional('topic', { type: 'string', describe: 'topic to produce to (same as --topic)' })
      .option('topic', { type: 'string', describe: 'topic to produce to' })
      .option('bootstrap-server', { type: 'string', describe: 'HOST:PORT[,HOST:PORT] (default: lab profile, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092)' })
      .option('broker-list', { type: 'string', hidden: true, describe: 'deprecated alias of --bootstrap-server' })
      .option('command-config', { type: 'string', describe: 'client properties file (security.protocol, sasl.*, ssl.* ...)' })
      .option('connect-timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'give up on an unreachable cluster after this many ms' })
      .option('file', { type: 'string', describe: 'read this file instead of stdin' })
      .option('property', {
        type: 'string',
        array: true,
        describe:
          'reader property k=v: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, null.marker, ignore.error',
      })
      .option('reader-property', { type: 'string', array: true, describe: "Kafka 4.2's name for --property" })
      .option('reader-config', { type: 'string', describe: 'reader properties file' })
      .option('producer-property', { type: 'string', array: true, describe: 'producer property k=v (acks, compression.type, linger.ms, batch.size ...)' })
      .option('producer.config', { type: 'string', describe: 'producer properties file' })
      .option('request-required-acks', { type: 'string', describe: 'acks: all|-1, 1 or 0 (default all)' })
      .option('compression-codec', { type: 'string', describe: 'none, gzip, snappy, lz4 or zstd (flag alone: gzip)' })
      .option('sync', { type: 'boolean', describe: 'send each record and wait for it before the next' })
      .option('batch-size', { type: 'number', describe: 'bytes per batch (per partition, like batch.size; default 16384)' })
      .option('max-partition-memory-bytes', { type: 'number', hidden: true, describe: 'old name of --batch-size' })
      .option('timeout', { type: 'number', describe: 'linger: ms to wait for a batch to fill (default 1000, like Kafka)' })
      .option('request-timeout-ms', { type: 'number', describe: 'ms the broker may take to acknowledge (default 1500)' })
      .option('format', {
        type: 'string',
        describe: "input format: 'json' (one JSON record per line) or a format string like '%k\\t%s\\n' (kcat dialect: %k %s %v %h %p %T %t)",
      })
      .option('random', { type: 'number', describe: 'send N random records instead of reading input' })
      .option('record-size', { type: 'number', default: 100, describe: 'bytes per random value' })
      .option('keys', { type: 'number', default: 0, describe: 'random records cycle over this many keys (0: no key)' })
      .option('rate', { type: 'number', default: 0, describe: 'random records per second (0: as fast as possible)' })
      .example('kafka-lab console-producer --topic quickstart-events --bootstrap-server localhost:9092', 'type lines, Ctrl-D to finish')
      .example('kafka-lab console-producer --topic t --property parse.key=true --property key.separator=:', 'lines like key:value')
      .example(
        'kafka-lab console-consumer --topic a --from-beginning --format json -e | kafka-lab console-producer --topic b --format json',
        'copy records, bytes and headers intact',
      )
      .example('kafka-lab console-producer orders < orders.txt', 'the topic as a plain argument')
      .example(
        'kafka-lab console-producer --topic t --random 1000 --keys 10 --rate 100',
        '1000 random records, 100 per second',
      ) as unknown as Argv<ProducerArgs>,
  handler: (argv) =>
    startProducing(argv).catch((err: unknown) => {
      // here --timeout is Kafka's linger: point connection hints at --connect-timeout instead
      if (err instanceof KafkaLabError && err.hint?.includes('--timeout')) {
        throw new KafkaLabError(err.message, {
          hint: err.hint.replace('--timeout', '--connect-timeout'),
          exitCode: err.exitCode,
          cause: err.cause,
          details: err.details,
        });
      }
      throw err;
    }),
});

async function startProducing(argv: ProducerArgs): Promise<void> {
  // must run before anything loads kafkajs (see the module's comment)
  (await import('../produce/kafkajs-null-headers.js')).allowNullHeaderValues();
  // ---- options (usage errors before any connection)
  const topic = argv.topic;
  if (!topic && !(argv.format && argv.format !== 'json' && argv.format.includes('%t'))) {
    throw new UsageError("missing required option --topic for 'console-producer'", 'Example: kafka-lab console-producer --topic quickstart-events');
  }
  if (argv.random !== undefined && (argv.file || argv.format))
    throw new UsageError('--random cannot be combined with --file or --format', 'Random records need no input.');
  if (argv.random !== undefined && (!Number.isInteger(argv.random) || argv.random < 0))
    throw new UsageError(`--random expects a record count, got '${argv.random}'`, 'Example: --random 1000');

  const producerProps = collectProperties(argv['producer.config'], '--producer.config file', [{ values: argv.producerProperty, flag: '--producer-property' }]);
  const readerProps = collectProperties(argv.readerConfig, '--reader-config file', [
    { values: argv.property, flag: '--property' },
    { values: argv.readerProperty, flag: '--reader-property' },
  ]);
  const { readerOptions, ReaderError, parseLine } = await import('../produce/reader-properties.js');
  let reader: ReturnType<typeof readerOptions> | undefined;
  try {
    reader = readerOptions(readerProps);
  } catch (e) {
    if (e instanceof ReaderError) throw new UsageError(e.message, "Reader properties are those of Kafka's LineMessageReader.");
    throw e;
  }

  const { parseAcks, PRODUCER_KEYS, createProducer, producerRetry, makeSend, isRecordError, describeSendError } = await import('../produce/kafka-sender.js');
  const { COMPRESSION_NAMES, compressionTypeOf, registerCodecs } = await import('../client/codecs.js');
  // explicit flag > producer property > Kafka's tool default
  const acks = parseAcks(argv.requestRequiredAcks ?? producerProps.get('acks') ?? 'all');
  let codec = argv.compressionCodec !== undefined ? argv.compressionCodec || 'gzip' : (producerProps.get('compression.type') ?? 'none');
  if (!(COMPRESSION_NAMES as readonly string[]).includes(codec.toLowerCase())) {
    throw new UsageError(`unknown compression codec '${codec}'`, `Use one of ${COMPRESSION_NAMES.join(', ')}.`);
  }
  codec = codec.toLowerCase();
  const lingerMs = argv.timeout ?? Number(producerProps.get('linger.ms') ?? 1000);
  const batchSize = argv.maxPartitionMemoryBytes ?? argv.batchSize ?? Number(producerProps.get('batch.size') ?? 16384);
  if (!(batchSize > 0)) throw new UsageError(`--batch-size must be positive, got ${batchSize}`, 'Example: --batch-size 65536');
  const requestTimeoutMs = argv.requestTimeoutMs ?? Number(producerProps.get('request.timeout.ms') ?? 1500);
  const idempotent = (producerProps.get('enable.idempotence') ?? 'false').toLowerCase() === 'true';

  // ---- the input, as an async stream of records (read only as fast as they are sent)
  const input: Readable | undefined = argv.random !== undefined ? undefined : argv.file ? createReadStream(argv.file) : process.stdin;
  if (input && argv.file) {
    await new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve());
      input.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new KafkaLabError(err.code === 'ENOENT' ? `file not found: ${argv.file}` : `cannot read ${argv.file}: ${err.code ?? err.message}`, {
            hint: 'Check the --file path.',
          }),
        ),
      );
    });
  }
  const interactive = !argv.file && argv.random === undefined && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !argv.format;
  const items = inputItems(argv, input, reader, parseLine, ReaderError, interactive);

  // ---- connection
  const { resolveConnection, createKafka, withTimeout } = await import('../client/connection.js');
  // --producer.config / --producer-property: client settings (security ...) go through the shared
  // mapping, which rejects what it cannot honour; producer settings are ours (PRODUCER_KEYS)
  const conn = await resolveConnection({
    bootstrapServer: argv.bootstrapServer ?? argv.brokerList,
    commandConfig: argv.commandConfig,
    timeout: argv.connectTimeout,
    verbose: (argv as { verbose?: boolean }).verbose,
    extraProperties: [{ source: '--producer.config/--producer-property', properties: producerProps }],
    allowProperty: (k) => PRODUCER_KEYS.has(k),
  });
  await registerCodecs();
  const { kafka } = await createKafka(conn, { requiredApis: PRODUCER_APIS });

  let partitions = 1;
  if (topic) {
    const admin = kafka.admin();
    try {
      await withTimeout(admin.connect(), conn);
      const names = await withTimeout(admin.listTopics(), conn, 'list topics');
      if (!names.includes(topic)) {
        throw new KafkaLabError(`topic '${topic}' does not exist`, {
          hint: `Create it first: kafka-lab topics --create --topic ${topic} --bootstrap-server ${conn.brokers.join(',')}`,
        });
      }
      const meta = await withTimeout(admin.fetchTopicMetadata({ topics: [topic] }), conn, `fetch metadata for topic '${topic}'`);
      partitions = meta.topics[0]?.partitions.length ?? 1;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
  const producer = await createProducer(kafka, { idempotent, retry: producerRetry(producerProps) });
  await withTimeout(producer.connect(), conn);

  const { BatchSender, describeLines } = await import('../produce/batch-sender.js');
  const unit = argv.format || argv.random !== undefined ? (argv.format === 'json' ? 'line' : 'record') : 'line';
  const sender = new BatchSender({
    send: makeSend(producer, { topic: topic ?? '', acks, compression: compressionTypeOf(codec), timeoutMs: requestTimeoutMs }),
    onFailure: (lines, err) =>
      info(`error: failed to send the record${lines.length > 1 ? 's' : ''} from ${describeLines(lines, unit)}: ${describeSendError(err)}`),
    // Java's sender puts every full batch of a broker into one request, so input that comes
    // faster than the broker takes it travels several batches per partition per request:
    // we cut requests at 4 batches per partition (measured: 25-30% faster than one, with
    // flat memory), within max.request.size
    batchBytes: Math.max(
      batchSize,
      Math.min(4 * batchSize * Math.max(1, partitions), Math.floor(0.9 * (Number(producerProps.get('max.request.size')) || 1_048_576))),
    ),
    lingerMs: interactive ? 0 : lingerMs,
    maxInFlight: 8,
    sync: Boolean(argv.sync),
    isRecordError,
    maxRecordBytes: Number(producerProps.get('max.request.size') ?? 1_048_576),
  });

  // ---- Ctrl-C: stop reading, flush what was read, report, exit 130
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    input?.destroy();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  let readError: string | undefined;
  let readCount = 0;
  try {
    // items come a chunk at a time; add() returns a promise only when we must wait
    reading: for await (const chunk of items) {
      for (const item of chunk) {
        if (interrupted) break reading;
        if ('error' in item) {
          readError = item.error;
          break reading;
        }
        readCount++;
        const wait = sender.add(item);
        if (wait) await wait;
      }
    }
  } catch (err) {
    if (!interrupted) {
      const e = err as NodeJS.ErrnoException;
      readError = e.message;
    }
  }
  await sender.flush();
  await producer.disconnect().catch(() => {});
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  if (interactive) process.stdout.write('\n');

  const counts = `${sender.sent} record${sender.sent === 1 ? '' : 's'} sent${sender.failed ? `, ${sender.failed} failed` : ''}`;
  if (readError) throw new KafkaLabError(readError, { hint: `Nothing after that was read; ${counts}.` });
  if (interrupted) {
    info(`interrupted: ${counts} (of ${readCount} read)`);
    process.exitCode = 130;
    return;
  }
  if (sender.failed > 0)
    throw new KafkaLabError(`${sender.failed} of ${readCount} records could not be sent`, {
      hint: 'See the lines reported above; the other records were sent.',
    });
}

async function* inputItems(
  argv: ProducerArgs,
  input: Readable | undefined,
  reader: import('../produce/reader-properties.js').ReaderOptions | undefined,
  parseLine: typeof import('../produce/reader-properties.js').parseLine,
  ReaderError: typeof import('../produce/reader-properties.js').ReaderError,
  interactive: boolean,
): AsyncGenerator<InputItem[]> {
  if (argv.random !== undefined) {
    const { randomRecords } = await import('../produce/random-records.js');
    let n = 0;
    for await (const record of randomRecords({ count: argv.random, recordSize: argv.recordSize, keys: argv.keys, rate: argv.rate }))
      yield [{ record, line: ++n }];
    return;
  }
  if (argv.format && argv.format !== 'json') {
    const { FormatParser, FormatStringError } = await import('../format/format-string.js');
    let parser: InstanceType<typeof FormatParser>;
    try {
      parser = new FormatParser(argv.format);
    } catch (e) {
      throw new UsageError(`--format: ${(e as Error).message}`, "Example: --format '%k\\t%s\\n'");
    }
    let n = 0;
    try {
      for await (const chunk of input! as AsyncIterable<Buffer>) for (const record of parser.push(chunk)) yield [{ record, line: ++n }];
      for (const record of parser.end()) yield [{ record, line: ++n }];
    } catch (e) {
      if (e instanceof FormatStringError) yield [{ error: `record ${n + 1}: ${e.message}`, line: n + 1 }];
      else throw e;
    }
    return;
  }
  const { readLineBatches } = await import('../produce/line-reader.js');
  const { recordFromJson, JsonRecordError } =
    argv.format === 'json' ? await import('../format/json-record.js') : ({} as typeof import('../format/json-record.js'));
  let lineNumber = 0;
  if (interactive) process.stdout.write('>');
  for await (const lines of readLineBatches(input!)) {
    // all lines of one chunk at once; an error ends the chunk there (the caller stops at it)
    const out: InputItem[] = [];
    for (const line of lines) {
      lineNumber++;
      try {
        if (argv.format === 'json') {
          if (line.length === 0) continue; // blank lines between JSON records are harmless
          out.push({ record: recordFromJson(line.toString('utf8')), line: lineNumber });
        } else out.push({ record: parseLine(line, lineNumber, reader!), line: lineNumber });
      } catch (e) {
        if (e instanceof ReaderError) out.push({ error: e.message, line: lineNumber });
        else if (JsonRecordError && e instanceof JsonRecordError) out.push({ error: `line ${lineNumber}: ${e.message}`, line: lineNumber });
        else {
          if (out.length > 0) yield out; // the lines before it are still sent
          throw e;
        }
        break;
      }
      if (interactive) process.stdout.write('>');
    }
    if (out.length > 0) yield out;
  }
}
