/**
 * producer-perf-test's engine. kafkajs has no accumulator (every send() is one Produce request
 * per leader), so we build the batching ourselves: large batches of prebuilt message objects
 * whose values share a few payload buffers, several requests in flight, and one latency
 * measurement per batch instead of a promise per record.
 */
import type { Message } from 'kafkajs';
import { createKafka, withTimeout, type ConnectionArgs } from '../client/connection.js';
import { KafkaLabError } from '../errors.js';
import { ProducerStats, type Summary } from './stats.js';
import { PRODUCER_APIS } from '../client/api-versions.js';

export interface ProducerPerfOptions {
  connection: ConnectionArgs;
  topic: string;
  numRecords: number;
  /** exactly one of recordSize / payloads */
  recordSize?: number;
  payloads?: Buffer[];
  /** records per second, -1 = unthrottled */
  throughput: number;
  /** producer properties (Kafka names) from --producer-props and --producer.config */
  producerProps: Map<string, string>;
  /** records per Produce request; default from batch.size (at least 64 KiB worth) */
  batchRecords?: number;
  /** Produce requests in flight; default from max.in.flight.requests.per.connection (5), at least 4 */
  inFlight?: number;
  onProgress?: (line: string) => void;
  onTick?: (sent: number) => void;
  signal?: AbortSignal;
}

export interface ProducerPerfResult {
  summary: Summary;
  failed: number;
  firstError?: string;
}

/** Kafka's random payload: uppercase letters A-Z. */
export function randomPayload(size: number, rand: () => number = Math.random): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = 65 + Math.floor(rand() * 26);
  return b;
}

/** Splits a payload file the way ProducerPerformance does (delimiter, empty pieces dropped). */
export function splitPayloads(content: string, delimiter: string): Buffer[] {
  return content
    .split(delimiter)
    .filter((s) => s.length > 0)
    .map((s) => Buffer.from(s, 'utf8'));
}

export async function runProducerPerf(o: ProducerPerfOptions): Promise<ProducerPerfResult> {
  (await import('./kafkajs-fast-grouping.js')).useLinearMessageGrouping();
  const { PRODUCER_KEYS, parseAcks } = await import('../produce/kafka-sender.js');
  const { compressionTypeOf } = await import('../client/codecs.js');
  const props = new Map(o.producerProps);
  if (!props.has('client.id')) props.set('client.id', 'perf-producer-client');
  const { kafka, conn } = await createKafka(
    {
      ...o.connection,
      extraProperties: [...(o.connection.extraProperties ?? []), { source: '--producer-props', properties: props }],
      allowProperty: (k) => PRODUCER_KEYS.has(k),
    },
    { requiredApis: PRODUCER_APIS },
  );
  const pass = conn.passthrough;
  const acks = parseAcks(pass.get('acks') ?? 'all');
  let compression: number;
  try {
    compression = compressionTypeOf(pass.get('compression.type') ?? 'none');
  } catch {
    throw new KafkaLabError(`unknown compression.type '${pass.get('compression.type')}'`, { hint: 'Use none, gzip, snappy, lz4 or zstd.', exitCode: 2 });
  }
  const payloads = o.payloads ?? Array.from({ length: 16 }, () => randomPayload(o.recordSize ?? 100));
  if (payloads.length === 0)
    throw new KafkaLabError('the payload file holds no payloads', { hint: 'Check --payload-file and --payload-delimiter.', exitCode: 2 });
  const avgSize = payloads.reduce((s, p) => s + p.length, 0) / payloads.length;
  const batchBytes = Math.max(Number(pass.get('batch.size') ?? 16384) * 16, 256 * 1024);
  let batchRecords = o.batchRecords ?? Math.max(1, Math.min(20_000, Math.floor(batchBytes / Math.max(1, avgSize))));
  // throttled runs send smaller batches so that the rate stays smooth
  if (o.throughput > 0) batchRecords = Math.max(1, Math.min(batchRecords, Math.ceil(o.throughput / 50)));
  const inFlight = o.inFlight ?? Math.max(4, Number(pass.get('max.in.flight.requests.per.connection') ?? 5));

  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: false,
    maxInFlightRequests: undefined,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await withTimeout(producer.connect(), conn);
  // check the topic exists up front: one clear error instead of N failed sends
  const admin = kafka.admin();
  await withTimeout(admin.connect(), conn);
  const exists = await withTimeout(
    admin.fetchTopicMetadata({ topics: [o.topic] }).then(
      () => true,
      () => false,
    ),
    conn,
  );
  await admin.disconnect();
  if (!exists) {
    await producer.disconnect();
    throw new KafkaLabError(`topic '${o.topic}' does not exist`, {
      hint: `Create it first: kafka-lab topics --create --topic ${o.topic} --partitions 3`,
      exitCode: 1,
    });
  }

  // one reusable array of message objects for full batches: kafkajs only reads them
  const template: Message[] = Array.from({ length: batchRecords }, (_, i) => ({ value: payloads[i % payloads.length]! }));
  const stats = new ProducerStats(o.numRecords);
  let sent = 0;
  let failed = 0;
  let firstError: string | undefined;
  const uniformSize = payloads.every((p) => p.length === payloads[0]!.length);

  const sendOne = async (n: number): Promise<void> => {
    const messages = n === template.length ? template : template.slice(0, n);
    const bytes = uniformSize ? payloads[0]!.length : avgSize;
    const t0 = performance.now();
    try {
      await producer.send({ topic: o.topic, acks, compression, messages });
      const line = stats.record(n, bytes, performance.now() - t0);
      if (line) o.onProgress?.(line);
    } catch (err) {
      failed += n;
      firstError ??= (err as Error).message;
    }
  };

  const startedAt = Date.now();
  const running = new Set<Promise<void>>();
  while (sent < o.numRecords && !o.signal?.aborted) {
    const n = Math.min(batchRecords, o.numRecords - sent);
    if (o.throughput > 0) {
      // Kafka's Throttler: sleep while we are ahead of the target rate
      const dueAt = startedAt + ((sent + n) * 1000) / o.throughput;
      const wait = dueAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const p = sendOne(n).finally(() => running.delete(p));
    running.add(p);
    sent += n;
    o.onTick?.(stats.count);
    if (running.size >= inFlight) await Promise.race(running);
    if (failed > 0 && stats.count === 0 && failed >= batchRecords * inFlight) break;
  }
  await Promise.all(running);
  const summary = stats.summary();
  await producer.disconnect();
  return { summary, failed, firstError };
}
