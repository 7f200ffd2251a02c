/**
 * Fetch requests v12 (flexible, topics by name) and their responses, decoded without touching
 * the records: each partition's record section stays a slice of the response, which the
 * consumer walks batch by batch (src/protocol/record-batch.ts) and formats from directly.
 */
import { Writer } from '@platformatic/kafka';
import { WireReader } from './wire.js';

export const FETCH_API_KEY = 1;
export const FETCH_VERSIONS = { minVersion: 12, maxVersion: 12 };

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: number;
  /** bytes the broker may return for this partition (at least one whole batch is always returned) */
  maxBytes: number;
  currentLeaderEpoch?: number;
}

export interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** 0 read_uncommitted, 1 read_committed */
  isolationLevel: number;
  topics: { topic: string; partitions: FetchPartitionRequest[] }[];
}

export function encodeFetchRequest(req: FetchRequest): Writer {
  const w = Writer.create();
  w.appendInt32(-1); // replica id: a consumer
  w.appendInt32(req.maxWaitMs);
  w.appendInt32(req.minBytes);
  w.appendInt32(req.maxBytes);
  w.appendInt8(req.isolationLevel);
  w.appendInt32(0); // no fetch session
  w.appendInt32(-1);
  w.appendUnsignedVarInt(req.topics.length + 1);
  for (const t of req.topics) {
    w.appendString(t.topic, true);
    w.appendUnsignedVarInt(t.partitions.length + 1);
    for (const p of t.partitions) {
      w.appendInt32(p.partition);
      w.appendInt32(p.currentLeaderEpoch ?? -1);
      w.appendInt64(BigInt(p.fetchOffset));
      w.appendInt32(-1); // last fetched epoch
      w.appendInt64(-1n); // log start offset (followers only)
      w.appendInt32(p.maxBytes);
      w.appendUnsignedVarInt(0);
    }
    w.appendUnsignedVarInt(0);
  }
  w.appendUnsignedVarInt(1); // no forgotten topics
  w.appendString('', true); // rack id
  w.appendUnsignedVarInt(0);
  return w;
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** read_committed: transactions aborted within the returned range */
  abortedTransactions: { producerId: bigint; firstOffset: number }[];
  /** zero or more record batches; the last one may be cut short by the size limits */
  records: Buffer | null;
}

export interface FetchResponse {
  errorCode: number;
  throttleTimeMs: number;
  partitions: FetchedPartition[];
}

export function decodeFetchResponse(buf: Buffer): FetchResponse {
  const r = new WireReader(buf);
  const throttleTimeMs = r.int32();
  const errorCode = r.int16();
  r.int32(); // session id
  const partitions: FetchedPartition[] = [];
  for (let nt = r.compactArrayLength(), i = 0; i < nt; i++) {
    const topic = r.compactString() ?? '';
    for (let np = r.compactArrayLength(), j = 0; j < np; j++) {
      const partition = r.int32();
      const pErr = r.int16();
      const highWatermark = r.int64n();
      const lastStableOffset = r.int64n();
      const logStartOffset = r.int64n();
      const abortedTransactions: FetchedPartition['abortedTransactions'] = [];
      const na = r.compactArrayLength();
      for (let k = 0; k < na; k++) {
        abortedTransactions.push({ producerId: r.int64(), firstOffset: r.int64n() });
        r.skipTags();
      }
      r.int32(); // preferred read replica
      const records = r.compactBytes();
      r.skipTags();
      partitions.push({ topic, partition, errorCode: pErr, highWatermark, lastStableOffset, logStartOffset, abortedTransactions, records });
    }
    r.skipTags();
  }
  return { errorCode, throttleTimeMs, partitions };
}
