/**
 * get-offsets and delete-records work: Kafka's partition-list and time grammars and the
 * offset lookups, over an AdminSession.
 */
import { KafkaLabError } from '../errors.js';
import type { AdminSession } from '../client/session.js';

/** `0,2,5-7` → predicate over partition numbers (GetOffsetShell's --partitions). */
export function partitionSetMatcher(text: string): (p: number) => boolean {
  const ranges = text.split(',').map((part) => {
    const m = /^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$/.exec(part);
    if (!m || (!m[1] && !m[3])) throw new Error(`Invalid partition range '${part}'`);
    const lo = m[1] !== undefined ? Number(m[1]) : 0;
    const hi = m[2] ? (m[3] !== undefined ? Number(m[3]) : Infinity) : lo;
    return [lo, hi] as const;
  });
  return (p) => ranges.some(([lo, hi]) => p >= lo && p <= hi);
}

/** --time: -1/latest, -2/earliest, or a timestamp in ms. */
export function parseTime(text: string): 'latest' | 'earliest' | number {
  const t = text.trim().toLowerCase();
  if (t === '-1' || t === 'latest') return 'latest';
  if (t === '-2' || t === 'earliest') return 'earliest';
  if (t === '-3' || t === 'max-timestamp') throw new Error('--time -3 (max-timestamp) needs ListOffsets v7, which kafka-lab cannot send yet');
  if (!/^\d+$/.test(t))
    throw new Error(`Malformed time argument ${text}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp`);
  return Number(t);
}

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

export async function getOffsets(
  s: AdminSession,
  topics: string[],
  partitions: ((p: number) => boolean) | undefined,
  time: 'latest' | 'earliest' | number,
): Promise<PartitionOffset[]> {
  const out: PartitionOffset[] = [];
  for (const topic of [...topics].sort()) {
    const base = await s.run(s.admin.fetchTopicOffsets(topic), { topic });
    const byTime = typeof time === 'number' ? await s.run(s.admin.fetchTopicOffsetsByTimestamp(topic, time), { topic }) : undefined;
    for (const p of base.sort((a, b) => a.partition - b.partition)) {
      if (partitions && !partitions(p.partition)) continue;
      let offset: number;
      if (time === 'latest') offset = Number(p.high);
      else if (time === 'earliest') offset = Number(p.low);
      else {
        const found = byTime!.find((x) => x.partition === p.partition);
        offset = Number(found?.offset ?? -1);
        // kafkajs answers "no record at or after this time" with the end offset; Kafka prints nothing then
        if (offset < 0 || (offset === Number(p.high) && !(await hasRecordAtOrAfter(s, topic, p.partition, time, Number(p.high))))) continue;
      }
      out.push({ topic, partition: p.partition, offset });
    }
  }
  return out;
}

/** Whether a record with timestamp >= time exists (ListOffsets answers -1 when none does). */
async function hasRecordAtOrAfter(s: AdminSession, topic: string, partition: number, time: number, high: number): Promise<boolean> {
  const { createRequire } = await import('node:module');
  const req = createRequire(import.meta.url);
  const { requests } = req('kafkajs/src/protocol/requests') as { requests: { ListOffsets: { protocol: (o: { version: number }) => (a: object) => unknown } } };
  const meta = await s.run(s.admin.fetchTopicMetadata({ topics: [topic] }), { topic });
  const leader = meta.topics[0]?.partitions.find((x) => x.partitionId === partition)?.leader;
  if (leader === undefined || high === 0) return false;
  const broker = await s.cluster.findBroker({ nodeId: leader });
  const request = requests.ListOffsets.protocol({ version: 1 })({
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ topic, partitions: [{ partition, timestamp: time }] }],
  });
  const res = (await s.run((broker as unknown as { connectionPool: { send(r: unknown): Promise<unknown> } }).connectionPool.send(request))) as {
    responses: { partitions: { offset: string }[] }[];
  };
  return Number(res.responses[0]?.partitions[0]?.offset ?? -1) >= 0;
}

export interface DeleteRequest {
  topic: string;
  partition: number;
  /** -1: up to the high watermark */
  offset: number;
}

/** Kafka's --offset-json-file: {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1} */
export function parseOffsetJson(text: string, file: string): DeleteRequest[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new KafkaLabError(`${file} is not valid JSON: ${(err as Error).message}`, {
      hint: 'Expected {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}',
      exitCode: 2,
    });
  }
  const parts = (doc as { partitions?: unknown }).partitions;
  if (!Array.isArray(parts))
    throw new KafkaLabError(`${file} has no "partitions" list`, {
      hint: 'Expected {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}',
      exitCode: 2,
    });
  const seen = new Set<string>();
  return parts.map((p, i) => {
    const { topic, partition, offset } = p as Record<string, unknown>;
    if (typeof topic !== 'string' || !Number.isInteger(Number(partition)) || !Number.isInteger(Number(offset))) {
      throw new KafkaLabError(`${file}: entry ${i} needs "topic" (string), "partition" and "offset" (integers)`, {
        hint: 'Example entry: {"topic":"t","partition":0,"offset":3}',
        exitCode: 2,
      });
    }
    const key = `${topic}-${partition}`;
    if (seen.has(key))
      throw new KafkaLabError(`Offset json file contains duplicate topic partitions: ${key}`, { hint: 'List each partition once.', exitCode: 2 });
    seen.add(key);
    return { topic, partition: Number(partition), offset: Number(offset) };
  });
}

export interface DeleteResult {
  topic: string;
  partition: number;
  lowWatermark?: number;
  error?: string;
}

export async function deleteRecords(s: AdminSession, reqs: DeleteRequest[]): Promise<DeleteResult[]> {
  const byTopic = new Map<string, DeleteRequest[]>();
  for (const r of reqs) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const results: DeleteResult[] = [];
  for (const [topic, list] of byTopic) {
    try {
      await s.run(s.admin.deleteTopicRecords({ topic, partitions: list.map((r) => ({ partition: r.partition, offset: String(r.offset) })) }), { topic });
      const offsets = await s.run(s.admin.fetchTopicOffsets(topic), { topic });
      for (const r of list) results.push({ topic, partition: r.partition, lowWatermark: Number(offsets.find((o) => o.partition === r.partition)?.low ?? -1) });
    } catch (err) {
      const e = err as Error & { cause?: { partitions?: { partition: number; error: Error }[] } };
      const failed = e.cause?.partitions;
      for (const r of list) {
        const f = failed?.find((x) => x.partition === r.partition);
        results.push({ topic, partition: r.partition, error: f ? f.error.message : e.message });
      }
    }
  }
  return results;
}
