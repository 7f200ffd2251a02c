/**
 * producer-perf-test's engine on kafka-lab's producer (the same one console-producer uses,
 * with Kafka's delivery semantics): records are appended as fast as the producer takes them
 * (or at the --throughput rate), and latency is measured per acknowledged batch, from its
 * first record to its acknowledgement.
 */
import { PRODUCER_APIS } from '../client/api-versions.js';
import { openClient, resolveConnection, withTimeout, type ConnectionArgs } from '../client/connection.js';
import { assertApiSupport } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';
import { PRODUCER_KEYS, parseAcks } from '../produce/console-producer-plan.js';
import { Producer } from '../produce/producer.js';
import { isCompressionName } from '../protocol/compression.js';
import { ProducerStats, type Summary } from './stats.js';

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
  /** bytes per batch when batch.size is not set (kafka-lab's default favours throughput) */
  batchBytes?: number;
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
  const props = new Map(o.producerProps);
  if (!props.has('client.id')) props.set('client.id', 'perf-producer-client');
  const conn = await resolveConnection({
    ...o.connection,
    extraProperties: [...(o.connection.extraProperties ?? []), { source: '--producer-props', properties: props }],
    allowProperty: (k) => PRODUCER_KEYS.has(k),
  });
  const pass = conn.passthrough;
  const acks = parseAcks(pass.get('acks') ?? 'all');
  const compression = (pass.get('compression.type') ?? 'none').toLowerCase();
  if (!isCompressionName(compression)) throw new UsageError(`unknown compression.type '${compression}'`, 'Use none, gzip, snappy, lz4 or zstd.');
  const payloads = o.payloads ?? Array.from({ length: 16 }, () => randomPayload(o.recordSize ?? 100));
  if (payloads.length === 0) throw new UsageError('the payload file holds no payloads', 'Check --payload-file and --payload-delimiter.');
  const avgSize = payloads.reduce((n, p) => n + p.length, 0) / payloads.length;
  const num = (k: string, d: number) => (pass.has(k) ? Number(pass.get(k)) : d);
  const idempotence = pass.get('enable.idempotence');

  const client = await openClient(conn);
  const stats = new ProducerStats(o.numRecords);
  let firstError: string | undefined;
  const producer = new Producer(client, {
    acks,
    idempotent: acks === -1 && idempotence !== 'false',
    compression,
    batchSize: pass.has('batch.size') ? num('batch.size', 16384) : (o.batchBytes ?? 256 * 1024),
    lingerMs: num('linger.ms', 5),
    maxInFlight: num('max.in.flight.requests.per.connection', 5),
    requestTimeoutMs: num('request.timeout.ms', 30_000),
    deliveryTimeoutMs: num('delivery.timeout.ms', 120_000),
    bufferMemory: num('buffer.memory', 32 * 1024 * 1024),
    maxRequestSize: num('max.request.size', 1048576),
    autoCreateTopics: false,
    onFailure: (_tags, err) => {
      firstError ??= err.message;
    },
    onDelivered: (count, createdAt) => {
      const line = stats.record(count, avgSize, Date.now() - createdAt);
      if (line) o.onProgress?.(line);
      o.onTick?.(stats.count);
    },
  });
  try {
    await withTimeout(assertApiSupport(client, PRODUCER_APIS), conn);
    const meta = await withTimeout(client.metadata([o.topic]), conn);
    if (meta.topics[0]?.errorCode !== 0) {
      throw new KafkaLabError(`topic '${o.topic}' does not exist`, { kind: 'not-found', hint: `${hints.createTopic(o.topic)} --partitions 3` });
    }
    await withTimeout(producer.start(), conn, 'get a producer id from the cluster');
    const startedAt = performance.now();
    const now = { t: Date.now() };
    for (let i = 0; i < o.numRecords && !o.signal?.aborted; i++) {
      if (o.throughput > 0 && i % Math.max(1, Math.ceil(o.throughput / 100)) === 0) {
        // Kafka's Throttler: sleep while we are ahead of the target rate
        const wait = startedAt + (i * 1000) / o.throughput - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      if ((i & 1023) === 0) now.t = Date.now();
      const wait = producer.send({ topic: o.topic, key: null, value: payloads[i % payloads.length]!, headers: [], timestamp: now.t }, i);
      if (wait) await wait;
    }
    await producer.flush();
  } finally {
    await client.close();
  }
  return { summary: stats.summary(), failed: producer.failed, firstError };
}
