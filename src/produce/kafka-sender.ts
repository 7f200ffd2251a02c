/**
 * The bridge from our records to a kafkajs producer: producer properties (Kafka names) to
 * kafkajs options, and a send function for BatchSender. Imported lazily by the command.
 */
import type { Kafka, Message, Producer } from 'kafkajs';
import { KafkaLabError } from '../errors.js';
import { nullHeaderValuesSupported } from './kafkajs-null-headers.js';
import type { PendingRecord } from './batch-sender.js';

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
  'max.request.size',
  'partitioner.ignore.keys',
]);

export function parseAcks(v: string): -1 | 0 | 1 {
  const t = v.trim().toLowerCase();
  if (t === 'all' || t === '-1') return -1;
  if (t === '0') return 0;
  if (t === '1') return 1;
  throw new KafkaLabError(`invalid acks '${v}'`, { hint: 'Use all, -1, 0 or 1.', exitCode: 2 });
}

export function toKafkajsMessage(p: PendingRecord): Message {
  const r = p.record;
  const m: Message = { key: r.key, value: r.value };
  if (r.headers.length > 0) {
    if (nullHeaderValuesSupported()) {
      // our record encoder takes the headers in order, as they are (see kafkajs-null-headers.ts)
      m.headers = r.headers.map((x) => ({ key: x.key, value: x.value })) as unknown as Message['headers'];
    } else {
      const h: Record<string, Buffer[]> = {};
      for (const x of r.headers) {
        if (x.value === null)
          throw new KafkaLabError(`header '${x.key}' has a null value, which kafkajs cannot send`, {
            hint: 'Give the header a value (or drop null.marker for headers).',
          });
        (h[x.key] ??= []).push(x.value);
      }
      m.headers = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
    }
  }
  if (r.partition !== undefined) m.partition = r.partition;
  if (r.timestamp !== undefined) m.timestamp = r.timestamp;
  return m;
}

export interface KafkaSendOptions {
  topic: string;
  acks: -1 | 0 | 1;
  compression: number;
  /** ms the broker may take to meet acks */
  timeoutMs: number;
}

export function makeSend(producer: Producer, o: KafkaSendOptions): (batch: PendingRecord[]) => Promise<void> {
  return async (batch) => {
    const byTopic = new Map<string, Message[]>();
    for (const p of batch) {
      const t = p.record.topic ?? o.topic;
      let list = byTopic.get(t);
      if (!list) byTopic.set(t, (list = []));
      list.push(toKafkajsMessage(p));
    }
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      acks: o.acks,
      compression: o.compression,
      timeout: o.timeoutMs,
    });
  };
}

/** Broker errors that concern one record rather than the connection or the topic. */
export function isRecordError(err: Error): boolean {
  const type = (err as { type?: string }).type ?? '';
  return ['MESSAGE_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_TIMESTAMP'].includes(type);
}

/** A one-line reason for a failed send. */
export function describeSendError(err: Error): string {
  const e = err as Error & { type?: string; originalError?: Error };
  const type = e.type ? ` (${e.type})` : '';
  return `${e.message}${type}`;
}

/**
 * kafkajs retry settings with Kafka's producer semantics: a record is retried until
 * delivery.timeout.ms (default 120 s) has passed, backing off from retry.backoff.ms (100 ms)
 * up to 1 s. A SIGKILLed leader stays in the metadata until ZooKeeper expires its session
 * (18 s by default), so a few quick retries would fail every batch of a failover.
 */
export function producerRetry(props: Map<string, string>): { retries: number; initialRetryTime: number; maxRetryTime: number } {
  const num = (k: string, d: number) => {
    const v = props.get(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw new KafkaLabError(`invalid ${k} '${v}'`, { hint: `${k} is a number of ${k === 'retries' ? 'retries' : 'milliseconds'} >= 0.`, exitCode: 2 });
    return n;
  };
  const maxRetryTime = 1000;
  const initialRetryTime = Math.max(1, Math.min(num('retry.backoff.ms', 100), maxRetryTime));
  const byTime = Math.ceil(num('delivery.timeout.ms', 120_000) / maxRetryTime);
  const retries = Math.min(num('retries', Number.MAX_SAFE_INTEGER), byTime);
  return { retries, initialRetryTime, maxRetryTime };
}

export async function createProducer(
  kafka: Kafka,
  o: { idempotent: boolean; maxInFlight?: number; retry?: { retries: number; initialRetryTime: number; maxRetryTime: number } },
): Promise<Producer> {
  return kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: o.idempotent,
    maxInFlightRequests: o.maxInFlight,
    retry: o.retry ?? producerRetry(new Map()),
  });
}
