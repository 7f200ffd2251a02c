/**
 * The JSON event lines of Kafka's VerifiableProducer and VerifiableConsumer (the tools Kafka's
 * own system tests drive), field for field in the order Jackson writes them, so that anything
 * that parses Kafka's lines parses ours. Pure.
 */
import { javaDouble } from '../format/java-text.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json } | RawNumber;

/** A number written as given (Java's double text, a long beyond 2^53). */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** JSON.stringify that keeps RawNumbers' text. */
function encode(v: Json): string {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${encode(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const event = (timestamp: number, name: string, fields: Record<string, Json> = {}) => encode({ timestamp, name, ...fields });

// ---------------------------------------------------------------- producer

export const startupComplete = (ts: number) => event(ts, 'startup_complete');
export const shutdownComplete = (ts: number) => event(ts, 'shutdown_complete');

export function producerSendSuccess(ts: number, r: { key: string | null; value: string; offset: number | bigint; topic: string; partition: number }): string {
  return event(ts, 'producer_send_success', { key: r.key, value: r.value, offset: new RawNumber(String(r.offset)), topic: r.topic, partition: r.partition });
}

export function producerSendError(ts: number, r: { topic: string; key: string | null; value: string; exception: string; message: string | null }): string {
  return event(ts, 'producer_send_error', { topic: r.topic, key: r.key, value: r.value, exception: `class ${r.exception}`, message: r.message });
}

export function toolData(ts: number, r: { sent: number; acked: number; targetThroughput: number; avgThroughput: number }): string {
  return event(ts, 'tool_data', {
    sent: r.sent,
    acked: r.acked,
    target_throughput: r.targetThroughput,
    avg_throughput: new RawNumber(javaDouble(r.avgThroughput)),
  });
}

// ---------------------------------------------------------------- consumer

export interface TopicPartitionJson {
  topic: string;
  partition: number;
}

export function partitionsAssigned(ts: number, partitions: TopicPartitionJson[]): string {
  return event(ts, 'partitions_assigned', { partitions: partitions.map((p) => ({ topic: p.topic, partition: p.partition })) });
}

export function partitionsRevoked(ts: number, partitions: TopicPartitionJson[]): string {
  return event(ts, 'partitions_revoked', { partitions: partitions.map((p) => ({ topic: p.topic, partition: p.partition })) });
}

export function recordData(ts: number, r: { key: string | null; value: string | null; topic: string; partition: number; offset: number }): string {
  return event(ts, 'record_data', { key: r.key, value: r.value, topic: r.topic, partition: r.partition, offset: r.offset });
}

export interface RecordSetSummary extends TopicPartitionJson {
  count: number;
  minOffset: number;
  maxOffset: number;
}

export function recordsConsumed(ts: number, count: number, partitions: RecordSetSummary[]): string {
  return event(ts, 'records_consumed', {
    count,
    partitions: partitions.map((p) => ({ topic: p.topic, partition: p.partition, count: p.count, minOffset: p.minOffset, maxOffset: p.maxOffset })),
  });
}

export function offsetsCommitted(ts: number, offsets: (TopicPartitionJson & { offset: number })[], error: string | null): string {
  return event(ts, 'offsets_committed', {
    offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })),
    ...(error !== null ? { error } : {}),
    success: error === null,
  });
}
