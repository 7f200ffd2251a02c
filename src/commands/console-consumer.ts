import type { Argv } from 'yargs';
import { KafkaLabError, UsageError } from '../errors.js';
import { info } from '../output/output.js';
import { connectionOptions } from '../client/connection.js';
import { collectProperties } from '../format/property-args.js';
import { defineCommand } from './types.js';
import { CONSUMER_APIS } from '../client/api-versions.js';

interface ConsumerArgs {
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
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
  verbose?: boolean;
}

/** Consumer properties we honour (client-level ones go to the connection mapping). */
const CONSUMER_KEYS = new Set([
  'group.id',
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
]);

export default defineCommand<ConsumerArgs>({
  command: 'console-consumer [topic]',
  describe: "Print records: Kafka's kafka-console-consumer (same output bytes), plus offsets grammar, --until-end, --tail, JSON and format strings",
  builder: (y) =>
    connectionOptions(y)
      .positional('topic', { type: 'string', describe: 'topic to read (same as --topic)' })
      .option('topic', { type: 'string', describe: 'topic to read' })
      .option('include', { type: 'string', describe: 'regular expression of topics to read' })
      .option('whitelist', { type: 'string', hidden: true, describe: 'deprecated alias of --include' })
      .option('partition', { type: 'number', describe: 'read only this partition (starts at the end unless --offset/--from-beginning)' })
      .option('offset', {
        alias: 'o',
        type: 'string',
        describe: 'start: earliest|latest|N (Kafka), or start|end|N|+N|-N|@<epoch-ms>|@-1h, per partition as 0:5,1:end',
      })
      .option('from-beginning', { type: 'boolean', describe: 'start at the earliest offset (without committed offsets)' })
      .option('group', { type: 'string', describe: 'consumer group id (without it: a temporary group, removed on exit, nothing committed)' })
      .option('max-messages', { type: 'number', describe: 'exit after this many records' })
      .option('timeout-ms', { type: 'number', describe: 'exit if no record arrives for this many ms' })
      .option('skip-message-on-error', { type: 'boolean', describe: 'skip a record that cannot be formatted instead of stopping' })
      .option('isolation-level', { type: 'string', describe: 'read_uncommitted (default) or read_committed' })
      .option('consumer-property', { type: 'string', array: true, describe: 'consumer property k=v' })
      .option('consumer.config', { type: 'string', describe: 'consumer properties file' })
      .option('property', {
        type: 'string',
        array: true,
        describe:
          'formatter property: print.timestamp|print.key|print.value|print.partition|print.offset|print.headers=true, key.separator, line.separator, headers.separator, null.literal',
      })
      .option('formatter-property', { type: 'string', array: true, describe: "Kafka 4.2's name for --property" })
      .option('formatter-config', { type: 'string', describe: 'formatter properties file' })
      .option('formatter', { type: 'string', describe: 'only the DefaultMessageFormatter is supported' })
      .option('key-deserializer', {
        type: 'string',
        describe: 'Kafka deserializer class for keys (e.g. org.apache.kafka.common.serialization.LongDeserializer)',
      })
      .option('value-deserializer', { type: 'string', describe: 'Kafka deserializer class for values' })
      .option('format', {
        alias: 'f',
        type: 'string',
        describe: "'json' (one JSON record per line) or a format string (kcat dialect: %t %p %o %k %K %s %S %R %T %h %H, \\n \\t)",
      })
      .option('until-end', { alias: 'e', type: 'boolean', describe: 'exit when every assigned partition is caught up' })
      .option('tail', { type: 'number', describe: 'print the last N records across partitions, then exit' })
      .example('kafka-lab console-consumer --topic quickstart-events --from-beginning --bootstrap-server localhost:9092', "Kafka's quick start")
      .example('kafka-lab console-consumer --topic t --from-beginning --property print.key=true --property print.offset=true', 'keys and offsets, Kafka format')
      .example("kafka-lab console-consumer --topic t -o -10 -e -f '%p:%o %k=%s\\n'", 'last 10 per partition, own format, then exit')
      .example('kafka-lab console-consumer --topic t --offset @-1h -e --format json', 'the last hour as JSON lines')
      .example('kafka-lab console-consumer orders -o start -e', 'the topic as a plain argument: everything so far, then exit')
      .example('kafka-lab console-consumer --topic t --tail 5', 'the 5 newest records across partitions') as unknown as Argv<ConsumerArgs>,
  handler: (argv) => consume(argv),
});

async function consume(argv: ConsumerArgs): Promise<void> {
  // must run before anything loads kafkajs (see the module's comment)
  (await import('../consume/kafkajs-header-order.js')).keepHeaderOrder();
  // ---- Kafka's own option checks (same messages), then ours
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
  if (argv.formatter && !/DefaultMessageFormatter$/.test(argv.formatter)) {
    throw new UsageError(
      `formatter '${argv.formatter}' is not supported`,
      'Only the DefaultMessageFormatter; for other shapes use --format json or a format string.',
    );
  }
  const { parseOffsetPlan, OffsetSpecError, isKafkaOffset } = await import('../format/offset-spec.js');
  let plan: import('../format/offset-spec.js').OffsetPlan | undefined;
  if (argv.offset !== undefined) {
    try {
      plan = parseOffsetPlan(String(argv.offset));
    } catch (e) {
      if (!(e instanceof OffsetSpecError)) throw e;
      const kafkaText = `The provided offset value '${argv.offset}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`;
      throw new UsageError(
        isKafkaOffset(String(argv.offset)) ? e.message : kafkaText,
        'kafka-lab also accepts start|end|N|+N|-N|@<epoch-ms>|@-1h, per partition as 0:5,1:end.',
      );
    }
  }

  const consumerProps = collectProperties(argv['consumer.config'], '--consumer.config file', [{ values: argv.consumerProperty, flag: '--consumer-property' }]);
  const groupIds = [argv.group, consumerProps.get('group.id')].filter((g): g is string => g !== undefined);
  if (new Set(groupIds).size > 1) {
    throw new UsageError(
      `The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: ${[...new Set(groupIds)].map((g) => `'${g}'`).join(', ')}`,
      'Give the group id once.',
    );
  }
  const group = groupIds[0];
  if (group !== undefined && argv.partition !== undefined)
    throw new UsageError('Options group and partition cannot be specified together.', 'Drop --group to read one partition.');
  const reset = consumerProps.get('auto.offset.reset');
  if (argv.fromBeginning && reset && reset !== 'earliest') {
    throw new UsageError(`Can't simultaneously specify --from-beginning and 'auto.offset.reset=${reset}', please remove one option`, 'Use one of them.');
  }
  const isolation = (argv.isolationLevel ?? consumerProps.get('isolation.level') ?? 'read_uncommitted').toLowerCase();
  if (!['read_uncommitted', 'read_committed'].includes(isolation))
    throw new UsageError(`invalid isolation level '${isolation}'`, 'Use read_uncommitted or read_committed.');

  // ---- output
  const formatterProps = collectProperties(argv.formatterConfig, '--formatter-config file', [
    { values: argv.property, flag: '--property' },
    { values: argv.formatterProperty, flag: '--formatter-property' },
  ]);
  if (argv.keyDeserializer) formatterProps.set('key.deserializer', argv.keyDeserializer);
  if (argv.valueDeserializer) formatterProps.set('value.deserializer', argv.valueDeserializer);
  const render = await makeRenderer(argv.format, formatterProps);
  const out = new StdoutWriter();

  // ---- connection
  const { resolveConnection, createKafka, withTimeout } = await import('../client/connection.js');
  const { registerCodecs } = await import('../client/codecs.js');
  const conn = await resolveConnection({
    ...argv,
    extraProperties: [{ source: '--consumer.config/--consumer-property', properties: consumerProps }],
    allowProperty: (k) => CONSUMER_KEYS.has(k),
  });
  await registerCodecs();
  const { kafka } = await createKafka(conn, { requiredApis: CONSUMER_APIS });
  const admin = kafka.admin();
  await withTimeout(admin.connect(), conn);

  let processed = 0;
  let interrupted = false;
  let run: import('../consume/runner.js').ConsoleConsumerRun | undefined;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    run?.stop('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const topics = await withTimeout(resolveTopics(admin, argv.topic, include), conn, 'list topics');
    const { ConsoleConsumerRun } = await import('../consume/runner.js');
    const num = (k: string) => (consumerProps.has(k) ? Number(consumerProps.get(k)) : undefined);
    const autoCommitProp = consumerProps.get('enable.auto.commit');
    run = new ConsoleConsumerRun({
      kafka,
      admin,
      topics,
      group,
      partitions: argv.partition !== undefined ? [argv.partition] : undefined,
      plan,
      defaultStart: argv.fromBeginning || reset === 'earliest' ? { kind: 'start' } : { kind: 'end' },
      maxMessages: argv.maxMessages,
      idleTimeoutMs: argv.timeoutMs !== undefined && argv.timeoutMs >= 0 ? argv.timeoutMs : undefined,
      untilEnd: Boolean(argv.untilEnd),
      tail: argv.tail,
      readUncommitted: isolation === 'read_uncommitted',
      settings: {
        sessionTimeout: num('session.timeout.ms'),
        heartbeatInterval: num('heartbeat.interval.ms'),
        rebalanceTimeout: num('max.poll.interval.ms'),
        maxBytes: num('fetch.max.bytes'),
        maxBytesPerPartition: num('max.partition.fetch.bytes'),
        maxWaitTimeInMs: num('fetch.max.wait.ms'),
        minBytes: num('fetch.min.bytes'),
        autoCommit: autoCommitProp === undefined ? undefined : autoCommitProp.toLowerCase() === 'true',
        autoCommitInterval: num('auto.commit.interval.ms'),
      },
      onRecord: (r) => {
        let bytes: Buffer;
        try {
          bytes = render(r);
        } catch (e) {
          const where = `partition ${r.partition} offset ${r.offset}`;
          if (!argv.skipMessageOnError) {
            run!.stop(
              'error',
              new KafkaLabError(`Error processing message, terminating consumer process: ${(e as Error).message} (${where})`, {
                hint: 'Add --skip-message-on-error to skip such records, or use --format json to see the raw bytes.',
              }),
            );
            return;
          }
          info(`Error processing message, skipping this message: ${(e as Error).message} (${where})`);
          return;
        }
        // a promise only when stdout pushes back: no await per record otherwise
        const ok = out.write(bytes);
        if (ok === false) run!.stop('output-closed');
        else if (ok !== true)
          return ok.then((stillOpen) => {
            if (!stillOpen) run!.stop('output-closed');
          });
        return undefined;
      },
    });
    if (interrupted) run.stop('interrupted'); // Ctrl-C while we were still connecting
    const result = await run.run();
    processed = result.processed;
    if (result.reason === 'output-closed') info('Unable to write to standard out, closing consumer.');
    if (result.reason === 'error' && result.error) {
      await out.drained(); // the records before the error are printed
      info(`Processed a total of ${processed} messages`);
      throw await translate(result.error, conn);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await out.drained();
    await admin.disconnect().catch(() => {});
  }
  info(`Processed a total of ${processed} messages`);
  if (interrupted) process.exitCode = 130;
}

async function translate(err: Error, conn: { brokers: string[] }): Promise<KafkaLabError> {
  if (err instanceof KafkaLabError) return err;
  const { translateKafkaError } = await import('../client/errors.js');
  return translateKafkaError(err, { brokers: conn.brokers, action: 'consume' });
}

async function resolveTopics(admin: import('kafkajs').Admin, topic: string | undefined, include: string | undefined): Promise<string[]> {
  const all = await admin.listTopics();
  if (topic) {
    if (!all.includes(topic))
      throw new KafkaLabError(`topic '${topic}' does not exist`, {
        hint: `kafka-lab topics --list shows the topics; create it with kafka-lab topics --create --topic ${topic}`,
      });
    return [topic];
  }
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${include!})$`);
  } catch {
    throw new UsageError(`--include '${include}' is not a valid regular expression`, "Example: --include 'orders-.*'");
  }
  const matched = all.filter((t) => re.test(t) && !t.startsWith('__')).sort();
  if (matched.length === 0) throw new KafkaLabError(`no topic matches --include '${include}'`, { hint: 'kafka-lab topics --list shows the topics.' });
  return matched;
}

async function makeRenderer(format: string | undefined, props: Map<string, string>): Promise<(r: import('../format/record.js').ConsumedRecord) => Buffer> {
  if (format === 'json') {
    const { recordToJson } = await import('../format/json-record.js');
    return (r) => Buffer.from(`${recordToJson(r)}\n`, 'utf8');
  }
  if (format !== undefined) {
    const { compileFormat, renderFormat, FormatStringError } = await import('../format/format-string.js');
    try {
      const parts = compileFormat(format);
      return (r) => renderFormat(parts, r);
    } catch (e) {
      if (e instanceof FormatStringError) throw new UsageError(`--format: ${e.message}`, "Example: -f '%k: %s\\n' or --format json");
      throw e;
    }
  }
  const { formatterOptions, formatRecord, FORMATTER_PROPERTIES, DeserializerError } = await import('../format/message-formatter.js');
  for (const k of props.keys()) {
    // key.deserializer.<x> settings are passed to deserializers in Kafka; the built-in ones need none
    if (!(FORMATTER_PROPERTIES as readonly string[]).includes(k) && !/^(key|value|headers)\.deserializer\./.test(k)) {
      throw new UsageError(`unknown formatter property '${k}'`, `Known: ${FORMATTER_PROPERTIES.join(', ')}.`);
    }
  }
  let o: import('../format/message-formatter.js').MessageFormatterOptions;
  try {
    o = formatterOptions(props);
  } catch (e) {
    if (e instanceof DeserializerError) throw new UsageError(e.message, 'Use a built-in Kafka deserializer, or --format json to see the raw bytes.');
    throw e;
  }
  return (r) => formatRecord(r, o);
}

/**
 * stdout with back-pressure; a closed pipe (EPIPE, `| head`) ends consumption quietly.
 * Records are gathered and written in chunks of up to 64 KiB (one write per record cost
 * half of console-consumer's CPU); what is gathered goes out at the latest on the next
 * turn of the event loop, so a consumer that tails a topic prints records as they come.
 */
class StdoutWriter {
  private closed = false;
  private parts: Buffer[] = [];
  private size = 0;
  private flushScheduled = false;
  private static readonly CHUNK = 64 * 1024;

  constructor() {
    process.stdout.on('error', () => {
      this.closed = true;
    });
  }

  /** true: go on; false: output closed; a promise: wait for it (stdout is full) first. */
  write(b: Buffer): boolean | Promise<boolean> {
    if (this.closed) return false;
    this.parts.push(b);
    this.size += b.length;
    if (this.size >= StdoutWriter.CHUNK || process.stdout.writableNeedDrain) return this.flush();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
    return true;
  }

  private flush(): boolean | Promise<boolean> {
    if (this.closed) return false;
    if (process.stdout.writableNeedDrain) return this.waitForDrain().then(() => this.flush());
    if (this.size === 0) return true;
    const chunk = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    if (process.stdout.write(chunk)) return !this.closed;
    return this.waitForDrain().then(() => !this.closed);
  }

  private waitForDrain(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        process.stdout.off('drain', done);
        process.stdout.off('error', done);
        resolve();
      };
      process.stdout.once('drain', done);
      process.stdout.once('error', done);
    });
  }

  /** Writes what is gathered and waits until stdout has taken it all. */
  async drained(): Promise<void> {
    await this.flush();
    if (this.closed || process.stdout.writableLength === 0) return;
    await this.waitForDrain();
  }
}
