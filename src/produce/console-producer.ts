/**
 * The console producer's work: read records (lines, JSON, a format string, or random ones),
 * hand them to the producer (src/produce/producer.ts) as fast as it takes them, report every
 * record that could not be delivered by its input line, and end with the counts. Ctrl-C stops
 * reading, delivers what was read, and exits 130 (twice: at once).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { PRODUCER_APIS } from '../client/api-versions.js';
import { openClient, resolveConnection, withTimeout } from '../client/connection.js';
import { BrokerError, principalOf, translateKafkaError } from '../client/errors.js';
import { assertApiSupport } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import type { OutgoingRecord } from '../format/record.js';
import { currentIo, info, setExitCode, warn, write } from '../output/output.js';
import { type ProducerPlan, PRODUCER_KEYS } from './console-producer-plan.js';
import { describe, ProduceFailure, Producer, type ProducerOptions } from './producer.js';
import { parseLine, ReaderError } from './reader-properties.js';

/** One record from the input, or the reason a line could not become one. */
type InputItem = { record: OutgoingRecord; line: number } | { error: string; line: number };

/**
 * The batch size when the user did not choose one: Kafka's 16 KiB for typed input, larger
 * batches for piped input (fewer, larger requests; what is stored is the same records).
 */
const PIPED_BATCH_BYTES = 256 * 1024;
/** Kafka's batch.size default, which is also where its sticky partitioner moves on */
const KAFKA_BATCH_BYTES = 16384;

export async function runConsoleProducer(plan: ProducerPlan): Promise<void> {
  const input = await openInput(plan);
  const io = currentIo();
  const interactive = !plan.file && !plan.random && Boolean(io.stdin.isTTY && io.stdout.isTTY) && !plan.format;
  const conn = await resolveConnection({
    ...plan.connection,
    extraProperties: [{ source: '--producer.config/--producer-property', properties: plan.producerProperties }],
    allowProperty: (k) => PRODUCER_KEYS.has(k),
  });
  if (!conn.properties.has('client.id')) conn.clientId = 'console-producer';
  conn.settings.requestTimeoutMs = plan.settings.requestTimeoutMs;
  const client = await openClient(conn);
  const unit = plan.format || plan.random ? (plan.format === 'json' ? 'line' : 'record') : 'line';
  const s = plan.settings;
  const options: Partial<ProducerOptions> & Pick<ProducerOptions, 'onFailure'> = {
    ...s,
    batchSize: s.batchSize ?? (interactive || plan.sync ? KAFKA_BATCH_BYTES : PIPED_BATCH_BYTES),
    // unkeyed records move to another partition every batch.size bytes, as with Kafka's producer
    stickyBytes: s.batchSize ?? KAFKA_BATCH_BYTES,
    lingerMs: interactive || plan.sync ? 0 : s.lingerMs,
    onFailure: (tags, err) => info(`error: failed to send the record${tags.length > 1 ? 's' : ''} from ${describeLines(tags, unit)}: ${describe(err)}`),
    onRetry: (topic, partition, err) =>
      warn(`${topic}-${partition}: ${describe(err)}; retrying until delivery.timeout.ms (${s.deliveryTimeoutMs} ms) has passed since the batch was created`),
  };
  const producer = new Producer(client, options);

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      producer.abort(new Error('interrupted'));
      process.exit(130);
    }
    interrupted = true;
    (input as Readable | undefined)?.destroy();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  let readError: string | undefined;
  let readCount = 0;
  let fatal: unknown;
  try {
    await withTimeout(assertApiSupport(client, PRODUCER_APIS), conn);
    // refused here when the principal may not write (InitProducerId): say so with the ACL that allows it
    await withTimeout(
      producer.start().catch((err: unknown) => {
        throw explainFatal(err, plan, conn);
      }),
      conn,
      'get a producer id from the cluster',
    );
    if (interactive) write('>');
    reading: for await (const chunk of inputItems(plan, input)) {
      for (const item of chunk) {
        if (interrupted) break reading;
        if ('error' in item) {
          readError = item.error;
          break reading;
        }
        readCount++;
        const r = item.record;
        const record = {
          topic: r.topic ?? plan.topic!,
          partition: r.partition,
          key: r.key,
          value: r.value,
          headers: r.headers,
          timestamp: r.timestamp === undefined ? undefined : Number(r.timestamp),
        };
        if (plan.sync) await producer.sendAndWait(record, item.line);
        else {
          const wait = producer.send(record, item.line);
          if (wait) await wait;
        }
      }
      if (interactive) write('>');
    }
  } catch (err) {
    if (!interrupted) {
      if (err instanceof KafkaLabError || err instanceof BrokerError || (err as Error).name === 'ProduceFailure') fatal = err;
      else readError = (err as Error).message;
    }
  }
  await producer.flush();
  await client.close();
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  if (interactive) write('\n');

  if (fatal) throw explainFatal(fatal, plan, conn);
  const counts = `${producer.sent} record${producer.sent === 1 ? '' : 's'} sent${producer.failed ? `, ${producer.failed} failed` : ''}`;
  if (readError) throw new KafkaLabError(readError, { kind: 'failed', hint: `Nothing after that was read; ${counts}.` });
  if (interrupted) {
    info(`interrupted: ${counts} (of ${readCount} read)`);
    setExitCode(130);
    return;
  }
  if (producer.failed > 0)
    throw new KafkaLabError(`${producer.failed} of ${readCount} records could not be sent`, {
      kind: 'failed',
      hint: 'See the lines reported above; the other records were sent.',
    });
}

function explainFatal(err: unknown, plan: ProducerPlan, conn: { brokers: string[]; settings: { sasl?: { username?: string } } }): KafkaLabError {
  if (err instanceof KafkaLabError) return err;
  if (err instanceof BrokerError && err.code === 3) {
    const topic = err.resource || plan.topic;
    const create = `kafka-lab topics --create --topic ${topic} --bootstrap-server ${conn.brokers.join(',')}`;
    return new KafkaLabError(`topic '${topic}' does not exist`, {
      kind: 'not-found',
      hint: plan.settings.autoCreateTopics
        ? `The broker does not create topics on first use (auto.create.topics.enable=false); create it first: ${create}`
        : `Create it first: ${create} (or set allow.auto.create.topics=true)`,
    });
  }
  if (err instanceof ProduceFailure)
    return new KafkaLabError(err.message, {
      kind: err.type === 'TIMEOUT' ? 'timeout' : 'failed',
      hint: 'Is the cluster healthy? kafka-lab cluster status shows a lab.',
    });
  return translateKafkaError(err, { brokers: conn.brokers, topic: plan.topic, action: 'produce', principal: principalOf(conn.settings) });
}

async function openInput(plan: ProducerPlan): Promise<Readable | undefined> {
  if (plan.random) return undefined;
  if (!plan.file) return currentIo().stdin as Readable;
  const input = createReadStream(plan.file);
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new KafkaLabError(err.code === 'ENOENT' ? `file not found: ${plan.file}` : `cannot read ${plan.file}: ${err.code ?? err.message}`, {
          kind: err.code === 'ENOENT' ? 'not-found' : 'failed',
          hint: 'Check the --file path.',
        }),
      ),
    );
  });
  return input;
}

async function* inputItems(plan: ProducerPlan, input: Readable | undefined): AsyncGenerator<InputItem[]> {
  if (plan.random) {
    const { randomRecords } = await import('./random-records.js');
    let n = 0;
    let batch: InputItem[] = [];
    for await (const record of randomRecords(plan.random)) {
      batch.push({ record, line: ++n });
      if (batch.length >= 1000 || plan.random.rate > 0) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  if (plan.format && plan.format !== 'json') {
    const { FormatParser, FormatStringError } = await import('../format/format-string.js');
    let parser: InstanceType<typeof FormatParser>;
    try {
      parser = new FormatParser(plan.format);
    } catch (e) {
      throw new UsageError(`--format: ${(e as Error).message}`, "Example: --format '%k\\t%s\\n'");
    }
    let n = 0;
    try {
      for await (const chunk of input! as AsyncIterable<Buffer>) yield parser.push(chunk).map((record) => ({ record, line: ++n }));
      yield parser.end().map((record) => ({ record, line: ++n }));
    } catch (e) {
      if (e instanceof FormatStringError) yield [{ error: `record ${n + 1}: ${e.message}`, line: n + 1 }];
      else throw e;
    }
    return;
  }
  const { readLineBatches } = await import('./line-reader.js');
  const json = plan.format === 'json' ? await import('../format/json-record.js') : undefined;
  let lineNumber = 0;
  for await (const lines of readLineBatches(input!)) {
    // all lines of one chunk at once; an error ends the chunk there (the caller stops at it)
    const out: InputItem[] = [];
    for (const line of lines) {
      lineNumber++;
      try {
        if (json) {
          if (line.length === 0) continue; // blank lines between JSON records are harmless
          out.push({ record: json.recordFromJson(line.toString('utf8')), line: lineNumber });
        } else out.push({ record: parseLine(line, lineNumber, plan.reader), line: lineNumber });
      } catch (e) {
        if (e instanceof ReaderError) out.push({ error: e.message, line: lineNumber });
        else if (json && e instanceof json.JsonRecordError) out.push({ error: `line ${lineNumber}: ${e.message}`, line: lineNumber });
        else {
          if (out.length > 0) yield out; // the lines before it are still sent
          throw e;
        }
        break;
      }
    }
    if (out.length > 0) yield out;
  }
}

/** "line 3", "lines 3-5", "lines 1, 4, 9-12" for failure reports. */
export function describeLines(lines: number[], word = 'line'): string {
  const sorted = [...lines].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `${word}${sorted.length > 1 ? 's' : ''} ${ranges.join(', ')}`;
}
