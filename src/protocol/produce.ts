/**
 * Produce requests v9-v11 (flexible) carrying record batches we built (src/protocol/record-batch),
 * and their responses. v10 and v11 only add tagged fields, which we read for the new leader a
 * broker names when it is no longer the leader (KIP-951).
 */
import { Writer } from '@platformatic/kafka';
import { WireReader } from './wire.js';

export const PRODUCE_API_KEY = 0;
export const PRODUCE_VERSIONS = { minVersion: 9, maxVersion: 11 };

export interface ProducePartitionData {
  partition: number;
  /** one or more whole record batches */
  records: Buffer;
}

export interface ProduceTopicData {
  topic: string;
  partitions: ProducePartitionData[];
}

export function encodeProduceRequest(acks: number, timeoutMs: number, topics: ProduceTopicData[], transactionalId: string | null = null): Writer {
  const w = Writer.create();
  w.appendString(transactionalId, true);
  w.appendInt16(acks);
  w.appendInt32(timeoutMs);
  w.appendUnsignedVarInt(topics.length + 1);
  for (const t of topics) {
    w.appendString(t.topic, true);
    w.appendUnsignedVarInt(t.partitions.length + 1);
    for (const p of t.partitions) {
      w.appendInt32(p.partition);
      w.appendBytes(p.records, true);
      w.appendUnsignedVarInt(0);
    }
    w.appendUnsignedVarInt(0);
  }
  w.appendUnsignedVarInt(0);
  // acks=0: the broker sends no response at all
  if (acks === 0) w.context.noResponse = true;
  return w;
}

export interface ProducePartitionResponse {
  partition: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  recordErrors: { batchIndex: number; message: string | null }[];
  errorMessage: string | null;
  /** KIP-951: the leader the broker knows of, when it answered NOT_LEADER_OR_FOLLOWER */
  currentLeader?: { leaderId: number; leaderEpoch: number };
}

export interface ProduceResponse {
  topics: { topic: string; partitions: ProducePartitionResponse[] }[];
  throttleTimeMs: number;
  /** KIP-951: addresses of the brokers named as current leaders */
  nodeEndpoints: { nodeId: number; host: string; port: number; rack: string | null }[];
}

export function decodeProduceResponse(buf: Buffer, version: number): ProduceResponse {
  const r = new WireReader(buf);
  const topics: ProduceResponse['topics'] = [];
  for (let nt = r.compactArrayLength(), i = 0; i < nt; i++) {
    const topic = r.compactString() ?? '';
    const partitions: ProducePartitionResponse[] = [];
    for (let np = r.compactArrayLength(), j = 0; j < np; j++) {
      const p: ProducePartitionResponse = {
        partition: r.int32(),
        errorCode: r.int16(),
        baseOffset: r.int64n(),
        logAppendTimeMs: r.int64n(),
        logStartOffset: r.int64n(),
        recordErrors: [],
        errorMessage: null,
      };
      for (let ne = r.compactArrayLength(), k = 0; k < ne; k++) {
        p.recordErrors.push({ batchIndex: r.int32(), message: r.compactString() });
        r.skipTags();
      }
      p.errorMessage = r.compactString();
      const tags = r.tags();
      const leader = version >= 10 ? tags.get(0) : undefined;
      if (leader && leader.length >= 8) p.currentLeader = { leaderId: leader.readInt32BE(0), leaderEpoch: leader.readInt32BE(4) };
      partitions.push(p);
    }
    r.skipTags();
    topics.push({ topic, partitions });
  }
  const throttleTimeMs = r.int32();
  const nodeEndpoints: ProduceResponse['nodeEndpoints'] = [];
  const tags = r.tags();
  const endpoints = version >= 10 ? tags.get(0) : undefined;
  if (endpoints) {
    const e = new WireReader(endpoints);
    for (let n = e.compactArrayLength(), i = 0; i < n; i++) {
      nodeEndpoints.push({ nodeId: e.int32(), host: e.compactString() ?? '', port: e.int32(), rack: e.compactString() });
      e.skipTags();
    }
  }
  return { topics, throttleTimeMs, nodeEndpoints };
}
