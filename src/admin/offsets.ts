/**
 * get-offsets and delete-records work: Kafka's partition-list and time grammars and the
 * offset lookups, over an AdminSession.
 */
import { deleteRecords as deleteRecordsRequest, listOffsets, OffsetTime, watermarks, tpKey } from '../client/admin.js';
import { javaErrorText } from '../client/errors.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';

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

/** --time: -1/latest, -2/earliest, -3/max-timestamp, or a timestamp in ms. */
export function parseTime(text: string): 'latest' | 'earliest' | 'max-timestamp' | number {
  const t = text.trim().toLowerCase();
  if (t === '-1' || t === 'latest') return 'latest';
  if (t === '-2' || t === 'earliest') return 'earliest';
  if (t === '-3' || t === 'max-timestamp') return 'max-timestamp';
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
  time: 'latest' | 'earliest' | 'max-timestamp' | number,
): Promise<PartitionOffset[]> {
  const meta = await s.run(s.client.metadata(topics));
  const wanted: { topic: string; partition: number; timestamp: bigint }[] = [];
  const timestamp =
    time === 'latest' ? OffsetTime.LATEST : time === 'earliest' ? OffsetTime.EARLIEST : time === 'max-timestamp' ? OffsetTime.MAX_TIMESTAMP : BigInt(time);
  for (const t of [...meta.topics].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (t.errorCode !== 0) continue;
    for (const p of [...t.partitions].sort((a, b) => a.partition - b.partition))
      if (!partitions || partitions(p.partition)) wanted.push({ topic: t.name, partition: p.partition, timestamp });
  }
  const found = new Map((await s.run(listOffsets(s.client, wanted, { meta }))).map((r) => [tpKey(r.topic, r.partition), r]));
  const out: PartitionOffset[] = [];
  for (const w of wanted) {
    const r = found.get(tpKey(w.topic, w.partition));
    // like GetOffsetShell: partitions without an answer (no leader, or no record at that time) are left out
    if (!(r && r.errorCode === 0 && r.offset >= 0n)) continue;
    out.push({ topic: w.topic, partition: w.partition, offset: Number(r.offset) });
  }
  return out;
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
      kind: 'invalid-config',
      hint: hints.offsetJson,
    });
  }
  const parts = (doc as { partitions?: unknown }).partitions;
  if (!Array.isArray(parts))
    throw new KafkaLabError(`${file} has no "partitions" list`, {
      kind: 'invalid-config',
      hint: hints.offsetJson,
    });
  const seen = new Set<string>();
  return parts.map((p, i) => {
    const { topic, partition, offset } = p as Record<string, unknown>;
    if (typeof topic !== 'string' || !Number.isInteger(Number(partition)) || !Number.isInteger(Number(offset))) {
      throw new KafkaLabError(`${file}: entry ${i} needs "topic" (string), "partition" and "offset" (integers)`, {
        kind: 'invalid-config',
        hint: 'Example entry: {"topic":"t","partition":0,"offset":3}',
      });
    }
    const key = `${topic}-${partition}`;
    if (seen.has(key))
      throw new KafkaLabError(`Offset json file contains duplicate topic partitions: ${key}`, { kind: 'invalid-config', hint: 'List each partition once.' });
    seen.add(key);
    return { topic, partition: Number(partition), offset: Number(offset) };
  });
}

export interface DeleteResult {
  topic: string;
  partition: number;
  lowWatermark?: number;
  /** Kafka's text for the error, as its tool prints it (exception class: message) */
  error?: string;
  errorCode?: number;
}

export async function deleteRecords(s: AdminSession, reqs: DeleteRequest[]): Promise<DeleteResult[]> {
  const topics = [...new Set(reqs.map((r) => r.topic))];
  // -1 means "up to the high watermark"
  const marks = reqs.some((r) => r.offset < 0) ? await s.run(watermarks(s.client, topics)) : new Map<string, { low: bigint; high: bigint }>();
  const wanted = reqs.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset < 0 ? (marks.get(tpKey(r.topic, r.partition))?.high ?? -1n) : BigInt(r.offset),
  }));
  const answers = new Map(
    (await s.run(deleteRecordsRequest(s.client, wanted, Math.max(1000, s.conn.timeoutMs - 500)), { topic: topics.join(',') })).map((a) => [
      tpKey(a.topic, a.partition),
      a,
    ]),
  );
  return reqs.map((r) => {
    const a = answers.get(tpKey(r.topic, r.partition));
    if (!a) return { topic: r.topic, partition: r.partition, error: 'no answer from the partition leader' };
    if (a.errorCode !== 0) return { topic: r.topic, partition: r.partition, error: javaErrorText(a.errorCode), errorCode: a.errorCode };
    return { topic: r.topic, partition: r.partition, lowWatermark: Number(a.lowWatermark) };
  });
}
